using CancelGateway.Transport.Tests.Support;
using Xunit;
using Outcome = CancelGateway.Transport.Tests.Probe.GetSleepOutcomeResponse.Types.Outcome;

namespace CancelGateway.Transport.Tests.Functional;

/// <summary>
/// Real gRPC stacks from other languages (grpcio, grpc-js, grpc-go) against the probe server,
/// grpc-dotnet as the gateway configures it. Each scenario is asserted inside the client, where
/// the behaviour is observable to a caller; the test adds what only the server can tell
/// (cancellation reached the handler's token, nothing logged as an error).
/// </summary>
public sealed class ForeignClientTests(ProbeServerFixture fixture) : IClassFixture<ProbeServerFixture>
{
    private static readonly string[] Clients = ["python", "node", "go"];

    private static readonly string[] Scenarios = ["unary", "server_streaming", "deadline", "cancel", "metadata", "error_details", "unknown_method"];

    // Generating stubs, npm install or a cold Go build happen once per run, in whichever test comes first.
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(8);

    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan SleepOutcomeTimeout = TimeSpan.FromSeconds(10);

    public static TheoryData<string, string> Cases
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var client in Clients)
            {
                foreach (var scenario in Scenarios)
                {
                    cases.Add(client, scenario);
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Scenario_FromForeignClient_Passes(string client, string scenario)
    {
        var server = fixture.Server;
        // Only the deadline and cancel scenarios sleep; a unique id keeps their outcomes apart.
        var sleepId = scenario is "deadline" or "cancel" ? $"{client}-{scenario}-{Guid.NewGuid():N}" : null;
        var (fileName, arguments) = await BuildCommandAsync(client, scenario, $"127.0.0.1:{server.Port}", sleepId).WaitAsync(SetupTimeout);

        var result = await ProcessRunner.RunAsync(fileName, arguments, ClientTimeout, workingDirectory: RepoPaths.ForeignClients);

        Assert.True(result.Succeeded, $"The {client} client failed the {scenario} scenario.{Environment.NewLine}{result.Describe()}");
        // Guards against a client that exits 0 without having run the scenario.
        Assert.True(
            result.StandardOutput.Contains($"PASS {client} {scenario}", StringComparison.Ordinal),
            $"The {client} client did not report the {scenario} scenario as passed.{Environment.NewLine}{result.Describe()}");
        if (sleepId is not null)
        {
            Assert.Equal(Outcome.Cancelled, await WaitForSleepOutcomeAsync(server, sleepId, result));
        }

        await ServerLogs.AssertNoErrorsAsync(server.Logs);
    }

    private static async Task<(string FileName, IReadOnlyList<string> Arguments)> BuildCommandAsync(string client, string scenario, string target, string? sleepId)
    {
        var foreignClients = RepoPaths.ForeignClients;
        switch (client)
        {
            case "python":
                var stubs = await PythonProbeStubs.EnsureGeneratedAsync();
                return (PythonProbeStubs.Python, WithSleepId(
                    [Path.Combine(foreignClients, "python", "probe_client.py"), "--target", target, "--stubs", stubs, "--scenario", scenario], "--sleep-id", sleepId));
            case "node":
                var node = await NodeModules.EnsureInstalledAsync();
                return (node, WithSleepId(
                    [Path.Combine(foreignClients, "node", "probe_client.js"), "--target", target, "--scenario", scenario, "--rpc-protos", RepoPaths.CommonProtos], "--sleep-id", sleepId));
            case "go":
                var binary = await GoProbeClient.EnsureBuiltAsync();
                return (binary, WithSleepId(["-target", target, "-scenario", scenario], "-sleep-id", sleepId));
            default:
                throw new ArgumentOutOfRangeException(nameof(client), client, "Unknown foreign client.");
        }
    }

    private static List<string> WithSleepId(List<string> arguments, string flag, string? sleepId)
    {
        if (sleepId is not null)
        {
            arguments.AddRange([flag, sleepId]);
        }

        return arguments;
    }

    private static async Task<Outcome> WaitForSleepOutcomeAsync(ProbeServer server, string sleepId, ProcessResult client)
    {
        try
        {
            return await server.SleepOutcomes.WaitAsync(sleepId, SleepOutcomeTimeout);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            Assert.Fail(
                $"The server's Sleep handler for {sleepId} had not ended {SleepOutcomeTimeout.TotalSeconds} s after the client gave up: " +
                $"the cancellation never reached its token (or the call never reached the server).{Environment.NewLine}{client.Describe()}");
            throw;
        }
    }
}
