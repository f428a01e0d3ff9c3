using System.Text.Json;
using CancelGateway.Clients.Tests.Cli;
using CancelGateway.Clients.Tests.Support;
using Xunit;

namespace CancelGateway.Clients.Tests.Readme;

/// <summary>The README's <c>buf curl</c>, <c>curl</c> and <c>cancelgateway</c> examples, run against a live gateway, so they cannot rot.</summary>
[Collection(ClientProcesses.Name)]
public sealed class ReadmeExampleTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task ReadmeExamples_AgainstALiveGateway_EveryCommandEndsWithItsDocumentedStatus()
    {
        var buf = Path.Combine(RepoPaths.ForeignClients, "node_modules", ".bin", "buf");
        Assert.True(File.Exists(buf), $"{buf} is missing: scripts/test.sh installs it (npm install in tests/ForeignClients).");
        var commands = ReadmeScript.Commands(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md")));
        Assert.Contains(commands, c => c.Command.Contains("$BUF curl", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Command.StartsWith("curl -sS", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Command.StartsWith("cancelgateway ", StringComparison.Ordinal));

        await using var gateway = await LiveGateway.StartAsync();
        // An operation for the examples that read one by its id: a run that had ended, done at once.
        var cancel = await CliProcess.RunAsync("--output", "json", "--address", gateway.GrpcAddress.ToString(), "cancel", DemoRunNames.Vertex(6));
        Assert.True(cancel.ExitCode == 0, cancel.Describe());
        var operationId = JsonDocument.Parse(cancel.StandardOutput.Trim()).RootElement.GetProperty("name").GetString()!["operations/".Length..];

        var script = ReadmeScript.Build(commands, CliProcess.Dll, gateway.GrpcAddress, gateway.HttpAddress, operationId);
        var result = await ProcessRunner.RunAsync(
            "bash",
            ["-c", script],
            ScriptTimeout,
            workingDirectory: RepoPaths.Root,
            environment: new Dictionary<string, string?>
            {
                ["CANCELGATEWAY_ADDRESS"] = gateway.GrpcAddress.ToString(),
                ["CANCELGATEWAY_TOKEN"] = null,
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            });

        Assert.True(result.ExitCode == 0, result.Describe() + "\nThe commands:\n" + string.Join('\n', commands.Select((c, i) => $"{i}: {c.Command}")));
    }
}
