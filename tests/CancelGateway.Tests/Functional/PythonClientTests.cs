using System.Globalization;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// A generated grpcio client (Debian's python3-grpcio, stubs made from protos/ at test time)
/// against the real gateway: the contract works for a foreign stack, rich errors included.
/// Each scenario asserts inside the client; the test adds what only the emulator can tell.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class PythonClientTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    // Generating the stubs happens once per run, in whichever test comes first.
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("cancel_watch")]
    [InlineData("idempotent_retry")]
    [InlineData("not_found")]
    [InlineData("malformed_name")]
    public async Task Scenario_FromPythonClient_Passes(string scenario)
    {
        var run = scenario switch
        {
            "cancel_watch" => fixture.AddRun(b => b.CancellingFor(TimeSpan.FromSeconds(1))),
            "idempotent_retry" => fixture.AddRun(),
            "not_found" => GatewayFixture.NewRunName("missing"),
            _ => string.Empty,
        };
        var stubs = await PythonGatewayStubs.EnsureGeneratedAsync().WaitAsync(SetupTimeout);
        var arguments = new List<string>
        {
            Path.Combine(RepoPaths.PythonClients, "gateway_client.py"),
            "--target", "127.0.0.1:" + fixture.Gateway.Address.Port.ToString(CultureInfo.InvariantCulture),
            "--stubs", stubs,
            "--scenario", scenario,
        };
        if (run.Length > 0)
        {
            arguments.AddRange(["--run", run]);
        }

        var result = await ProcessRunner.RunAsync(PythonGatewayStubs.Python, arguments, ClientTimeout, environment: new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1" });

        Assert.True(result.Succeeded, $"The Python client failed the {scenario} scenario.{Environment.NewLine}{result.Describe()}");
        Assert.True(
            result.StandardOutput.Contains($"PASS python {scenario}", StringComparison.Ordinal),
            $"The Python client did not report the {scenario} scenario as passed.{Environment.NewLine}{result.Describe()}");
        switch (scenario)
        {
            case "cancel_watch":
                Assert.Equal(PipelineState.Cancelled, fixture.Emulator.GetRun(run)!.State);
                Assert.Equal(1, fixture.Emulator.AcceptedCancels(run));
                break;
            case "idempotent_retry":
                Assert.Equal(1, fixture.Emulator.CancelCalls(run));
                Assert.Equal(PipelineState.Cancelled, fixture.Emulator.GetRun(run)!.State);
                break;
            case "not_found":
                Assert.Equal(1, fixture.Emulator.CancelCalls(run));
                break;
            default:
                break;
        }

        fixture.AssertNoUnexpectedErrors();
    }
}
