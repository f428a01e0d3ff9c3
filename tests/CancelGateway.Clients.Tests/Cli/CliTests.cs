using System.Text.Json;
using CancelGateway.Clients.Tests.Support;
using Xunit;

namespace CancelGateway.Clients.Tests.Cli;

/// <summary>The cancelgateway command line, run as a process against a live gateway.</summary>
[Collection(ClientProcesses.Name)]
public sealed partial class CliTests
{
    [Fact]
    public async Task Cancel_WaitOnRunsOfThreeProviders_ShowsEveryRunDoneAndExitsZero()
    {
        await using var gateway = await LiveGateway.StartAsync();
        string[] runs = [DemoRunNames.Vertex(1), DemoRunNames.SageMaker("plainsteps1"), DemoRunNames.CodeArts(1)];

        var result = await CliProcess.RunAsync(["--address", gateway.GrpcAddress.ToString(), "cancel", "--wait", "--reason", "test", .. runs]);

        Assert.True(result.ExitCode == 0, result.Describe());
        foreach (var run in runs)
        {
            var row = Assert.Single(result.StandardOutput.Split('\n'), line => line.Contains(run, StringComparison.Ordinal));
            Assert.Matches(@"│\s*CANCELLED\s*│.*│\s*yes\s*│\s*operations/", row);
        }
    }

    [Fact]
    public async Task Batch_FileOfHundredRuns_FollowsEveryRunToCancelled()
    {
        await using var gateway = await LiveGateway.StartAsync();
        var runs = Enumerable.Range(1, 100).Select(i => $"projects/demo-project/locations/us-central1/pipelineJobs/batch-{i}").ToList();
        foreach (var run in runs)
        {
            gateway.Emulators.Vertex.AddRun(run).CancellingFor(TimeSpan.FromMilliseconds(200));
        }

        var file = Path.Combine(TestRunDirectory.GetSubdirectory("cli"), "hundred-runs.txt");
        await File.WriteAllLinesAsync(file, ["# one run per line", .. runs, string.Empty]);

        var result = await CliProcess.RunAsync("--address", gateway.GrpcAddress.ToString(), "batch", "-f", file, "--wait");

        Assert.True(result.ExitCode == 0, result.Describe());
        var cancelled = result.StandardOutput.Split('\n').Where(line => line.Contains("/pipelineJobs/batch-", StringComparison.Ordinal) && line.Contains("CANCELLED", StringComparison.Ordinal)).ToList();
        Assert.Equal(100, cancelled.Count);
    }

    [Fact]
    public async Task OutputJson_BatchFromStandardInput_EveryLineIsAJsonOperation()
    {
        await using var gateway = await LiveGateway.StartAsync();
        var file = Path.Combine(TestRunDirectory.GetSubdirectory("cli"), "two-runs.txt");
        await File.WriteAllLinesAsync(file, [DemoRunNames.Vertex(2), DemoRunNames.CodeArts(2)]);

        var result = await CliProcess.ShellAsync(CliProcess.CommandLine("--output", "json", "--address", gateway.GrpcAddress.ToString(), "batch", "-f", "-", "--wait") + " < " + CliProcess.Quote(file));

        Assert.True(result.ExitCode == 0, result.Describe());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var operations = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(operations, o => Assert.StartsWith("operations/", o.GetProperty("name").GetString(), StringComparison.Ordinal));
        foreach (var run in new[] { DemoRunNames.Vertex(2), DemoRunNames.CodeArts(2) })
        {
            Assert.Contains(operations, o => o.TryGetProperty("done", out var done) && done.GetBoolean()
                && o.GetProperty("response").GetProperty("run").GetString() == run
                && o.GetProperty("response").GetProperty("finalState").GetString() == "RUN_STATE_CANCELLED");
        }
    }

    [Fact]
    public async Task Watch_RunBeingCancelled_EndsOnTheDoneSnapshot()
    {
        await using var gateway = await LiveGateway.StartAsync();
        var run = DemoRunNames.Vertex(3);
        var cancel = await CliProcess.RunAsync("--address", gateway.GrpcAddress.ToString(), "cancel", run);
        Assert.True(cancel.ExitCode == 0, cancel.Describe());

        var result = await CliProcess.RunAsync("--address", gateway.GrpcAddress.ToString(), "watch", run);

        Assert.True(result.ExitCode == 0, result.Describe());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.EndsWith("CANCELLED (PIPELINE_STATE_CANCELLED), done", lines[^1], StringComparison.Ordinal);
        Assert.All(lines[..^1], line => Assert.DoesNotContain(", done", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetAndList_AfterACancel_ShowTheOperation()
    {
        await using var gateway = await LiveGateway.StartAsync();
        var run = DemoRunNames.Vertex(5); // demo-succeeded: had already ended, done at once
        var cancel = await CliProcess.RunAsync("--output", "json", "--address", gateway.GrpcAddress.ToString(), "cancel", run);
        Assert.True(cancel.ExitCode == 0, cancel.Describe());
        var name = JsonDocument.Parse(cancel.StandardOutput.Trim()).RootElement.GetProperty("name").GetString()!;

        var get = await CliProcess.RunAsync("--address", gateway.GrpcAddress.ToString(), "get", name);
        var list = await CliProcess.RunAsync("-o", "json", "--address", gateway.GrpcAddress.ToString(), "list", "--run", run, "--done", "true");

        Assert.True(get.ExitCode == 0, get.Describe());
        Assert.Contains(run, get.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("RUN_STATE_SUCCEEDED", get.StandardOutput, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.Describe());
        Assert.Equal(name, JsonDocument.Parse(Assert.Single(list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement.GetProperty("name").GetString());
    }
}
