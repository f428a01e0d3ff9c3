using System.Text.Json;
using System.Text.RegularExpressions;
using CancelGateway.Clients.Tests.Support;
using CancelGateway.Emulators.Vertex;
using Xunit;

namespace CancelGateway.Clients.Tests.Cli;

/// <content>cancel --scope: a dry run's table and token, then the cancelling of exactly those runs.</content>
public sealed partial class CliTests
{
    private const string SelectorScope = "projects/demo-project/locations/europe-west1";

    [Fact]
    public async Task CancelScope_DryRunThenToken_ListsThenCancelsExactlyTheMatches()
    {
        await using var gateway = await LiveGateway.StartAsync();
        var running = new[] { $"{SelectorScope}/pipelineJobs/selector-1", $"{SelectorScope}/pipelineJobs/selector-2" };
        var ended = $"{SelectorScope}/pipelineJobs/selector-ended";
        foreach (var run in running)
        {
            gateway.Emulators.Vertex.AddRun(run).CancellingFor(TimeSpan.FromMilliseconds(200));
        }

        gateway.Emulators.Vertex.AddRun(ended).InState(PipelineState.Succeeded);
        string[] selector = ["--scope", SelectorScope, "--filter", "state = RUNNING"];

        var dryRun = await CliProcess.RunAsync(["--address", gateway.GrpcAddress.ToString(), "cancel", "--dry-run", .. selector]);

        Assert.True(dryRun.ExitCode == 0, dryRun.Describe());
        foreach (var run in running)
        {
            Assert.Matches(@"│\s*PROVIDER_VERTEX_AI\s*│\s*RUN_STATE_RUNNING\s*│", Assert.Single(dryRun.StandardOutput.Split('\n'), line => line.Contains(run, StringComparison.Ordinal)));
        }

        Assert.DoesNotContain(ended, dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("2 runs match (of 3 listed). Nothing was cancelled.", dryRun.StandardOutput, StringComparison.Ordinal);
        var token = Regex.Match(dryRun.StandardOutput, @"selection token: (\S+)").Groups[1].Value;
        Assert.NotEmpty(token);
        Assert.All(running, run => Assert.Equal(0, gateway.Emulators.Vertex.CancelCalls(run) + gateway.Emulators.Vertex.BatchCancelCalls));

        var cancel = await CliProcess.RunAsync(["--output", "json", "--address", gateway.GrpcAddress.ToString(), "cancel", "--selection-token", token, "--max-runs", "5", "--wait", .. selector]);

        Assert.True(cancel.ExitCode == 0, cancel.Describe());
        var operations = cancel.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var selection = operations[0].GetProperty("metadata").GetProperty("selection");
        Assert.Equal(token, selection.GetProperty("selectionToken").GetString());
        foreach (var run in running)
        {
            Assert.Contains(operations, o => o.TryGetProperty("done", out var done) && done.GetBoolean()
                && o.GetProperty("response").GetProperty("run").GetString() == run
                && o.GetProperty("response").GetProperty("finalState").GetString() == "RUN_STATE_CANCELLED");
        }

        Assert.Equal(PipelineState.Succeeded, gateway.Emulators.Vertex.GetRun(ended)!.State);
    }

    [Fact]
    public async Task CancelScope_BadFilter_OneLineInvalidArgumentAndExit13()
    {
        await using var gateway = await LiveGateway.StartAsync();

        var result = await CliProcess.RunAsync("--address", gateway.GrpcAddress.ToString(), "cancel", "--scope", SelectorScope, "--filter", "colour = \"red\"", "--dry-run");

        Assert.True(result.ExitCode == 13, result.Describe());
        Assert.Contains("INVALID_FILTER", Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_FilterWithoutScope_UsageLineAndExit2()
    {
        var result = await CliProcess.RunAsync("cancel", "--filter", "state = RUNNING");

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains("--scope", Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
