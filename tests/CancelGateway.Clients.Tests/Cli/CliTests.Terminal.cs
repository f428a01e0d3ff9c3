using System.Text.RegularExpressions;
using CancelGateway.Clients.Tests.Support;
using Xunit;

namespace CancelGateway.Clients.Tests.Cli;

public sealed partial class CliTests
{
    [Fact]
    public async Task Cancel_WaitInATerminal_RedrawsTheProgressTableInPlace()
    {
        await using var gateway = await LiveGateway.StartAsync();
        var command = CliProcess.CommandLine("--address", gateway.GrpcAddress.ToString(), "cancel", "--wait", DemoRunNames.Vertex(1), DemoRunNames.CodeArts(1));

        // util-linux script(1) runs the command on a pseudo-terminal and copies what it draws.
        var result = await CliProcess.ShellAsync(
            "script -qfec " + CliProcess.Quote(command) + " /dev/null",
            new Dictionary<string, string?> { ["TERM"] = "xterm-256color", ["CANCELGATEWAY_ADDRESS"] = null, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });

        Assert.True(result.ExitCode == 0, result.Describe());
        // Live progress moves the cursor back up over the table (ESC [ n A) to draw it again,
        // rather than printing a new table below the old one; the last drawing shows both done.
        var redraws = Regex.Count(result.StandardOutput, @"\x1b\[\d+A");
        Assert.True(redraws >= 3, $"expected the table to be redrawn in place, saw {redraws} cursor-up sequences:\n{result.StandardOutput}");
        Assert.Contains("CANCELLING", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(result.StandardOutput[result.StandardOutput.LastIndexOf("RUN", StringComparison.Ordinal)..], "CANCELLED"));
    }
}
