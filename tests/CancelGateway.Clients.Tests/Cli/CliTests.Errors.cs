using CancelGateway.Clients.Tests.Support;
using Xunit;

namespace CancelGateway.Clients.Tests.Cli;

public sealed partial class CliTests
{
    [Theory]
    [InlineData(DemoRunNames.Malformed, 13, "error: INVALID_ARGUMENT INVALID_RUN_NAME: ")]
    [InlineData(DemoRunNames.UnknownVertex, 15, "error: NOT_FOUND RUN_NOT_FOUND: ")]
    public async Task Cancel_RefusedRun_OneLineWithCodeAndReasonAndItsExitStatus(string run, int exitCode, string line)
    {
        await using var gateway = await LiveGateway.StartAsync();

        var result = await CliProcess.RunAsync("--address", gateway.GrpcAddress.ToString(), "cancel", "--wait", run);

        Assert.True(result.ExitCode == exitCode, result.Describe());
        Assert.StartsWith(line, Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Cancel_UnreachableAddress_OneLineUnavailableAndExit24()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        var result = await CliProcess.RunAsync("--address", "http://127.0.0.1:1", "cancel", DemoRunNames.Vertex(1));

        Assert.True(result.ExitCode == 24, result.Describe());
        Assert.StartsWith("error: UNAVAILABLE: ", Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_NoName_UsageLineAndExit2()
    {
        var result = await CliProcess.RunAsync("cancel");

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.StartsWith("error: ", Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_SuggestDirectiveAndBashScript_CompleteCommandsAndOptions()
    {
        var commands = await CliProcess.RunAsync("[suggest:3]", "can");
        var options = await CliProcess.RunAsync("[suggest:10]", "cancel --w");
        var script = await CliProcess.ShellAsync(CliProcess.CommandLine("completion", "bash") + " | bash -n");

        Assert.Equal("cancel", commands.StandardOutput.Trim());
        Assert.Contains("--wait", options.StandardOutput.Split('\n', StringSplitOptions.TrimEntries));
        Assert.True(script.ExitCode == 0, script.Describe());
    }
}
