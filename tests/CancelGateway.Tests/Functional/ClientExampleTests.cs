using CancelGateway.Demo;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Hosting;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>The C# client example in clients/csharp, run as its own process against the gateway on the demo defaults (src/CancelGateway.Demo).</summary>
[Collection(FunctionalTests.Name)]
public sealed class ClientExampleTests
{
    [Fact]
    public async Task Example_CancelsDemoRunAndWatchesToTheEnd_ExitsZeroReportingCancelled()
    {
        var result = await RunExampleAgainstGatewayAsync(DemoRuns.VertexRunNames[1]);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("accepted: operations/", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Cancelling", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("done: Cancelled", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Example_ForbiddenRun_ExitsThreeWithTheReason()
    {
        var result = await RunExampleAgainstGatewayAsync(DemoRuns.VertexRunNames[6]);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("PermissionDenied", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("[PROVIDER_PERMISSION_DENIED]", result.StandardError, StringComparison.Ordinal);
    }

    private static async Task<ProcessResult> RunExampleAgainstGatewayAsync(string run)
    {
        using var directory = new TempDirectory();
        var (app, _) = await DemoGateway.BuildAsync(
            ["--Gateway:Listen=127.0.0.1:0", "--Gateway:HttpListen=", $"--Storage:Sqlite:Path={directory.File("operations.db")}", "--Engine:PollInitialInterval=00:00:00.100"],
            builder => builder.Logging.ClearProviders());
        await using (app)
        {
            await app.StartAsync().Within();
            var example = Path.Combine(RepoPaths.Root, "clients", "csharp", "bin", RepoPaths.Configuration, "net10.0", "CancelGateway.Client.Example.dll");
            Assert.True(File.Exists(example), $"Build the solution first: {example} is missing.");
            var result = await ProcessRunner.RunAsync("dotnet", [example, app.Services.GetRequiredService<GatewayListeners>().GrpcAddress.ToString(), run], TimeSpan.FromSeconds(60));
            await app.StopAsync().Within();
            return result;
        }
    }
}
