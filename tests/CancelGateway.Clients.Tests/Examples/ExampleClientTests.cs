using CancelGateway.Clients.Tests.Support;
using Xunit;

namespace CancelGateway.Clients.Tests.Examples;

/// <summary>
/// Each example of clients/, generated fresh from protos/ by its own script, against a live gateway:
/// it cancels a Vertex AI, a SageMaker and a CodeArts demo run, follows each to CANCELLED and
/// exits 0; an unknown run gives NOT_FOUND with the ErrorInfo reason and exit status 1.
/// </summary>
[Collection(ClientProcesses.Name)]
public sealed class ExampleClientTests
{
    private static readonly TimeSpan GenerateTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("python")]
    [InlineData("typescript")]
    [InlineData("go")]
    [InlineData("csharp")]
    public async Task Example_RunOfEachProvider_ExitsZeroAfterTheCancelledSnapshot(string language)
    {
        var example = ExampleClient.For(language);
        await GenerateAsync(example);
        await using var gateway = await LiveGateway.StartAsync();

        foreach (var run in new[] { DemoRunNames.Vertex(1), DemoRunNames.SageMaker("plainsteps1"), DemoRunNames.CodeArts(1) })
        {
            var result = await RunAsync(example, gateway, run);

            Assert.True(result.ExitCode == 0, result.Describe());
            var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.StartsWith("operation: operations/", lines[0], StringComparison.Ordinal);
            Assert.Contains(lines, line => line.StartsWith("state: RUN_STATE_CANCELLED", StringComparison.Ordinal));
            Assert.StartsWith("final: RUN_STATE_CANCELLED", lines[^1], StringComparison.Ordinal);
        }

        var unknown = await RunAsync(example, gateway, DemoRunNames.UnknownVertex);

        Assert.True(unknown.ExitCode == 1, unknown.Describe());
        Assert.StartsWith("error: NOT_FOUND RUN_NOT_FOUND: ", unknown.StandardError.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoExample_GeneratedCode_UsesDebiansGenprotoForGoogleTypes()
    {
        var example = ExampleClient.For("go");
        await GenerateAsync(example);

        // Only the contract is generated; google.longrunning comes from genproto, registered once.
        var generated = Directory.GetFiles(example.Directory, "*.go", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}build{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(example.Directory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["cancelgateway/v1/pipeline_control.pb.go", "cancelgateway/v1/pipeline_control_grpc.pb.go", "cmd/cancel-and-watch/main.go"], generated);
        var source = await File.ReadAllTextAsync(Path.Combine(example.Directory, "cancelgateway", "v1", "pipeline_control.pb.go"));
        Assert.Contains("\"google.golang.org/genproto/googleapis/longrunning\"", source, StringComparison.Ordinal);
    }

    private static async Task GenerateAsync(ExampleClient example)
    {
        foreach (var step in example.GenerateSteps)
        {
            var result = await ProcessRunner.RunAsync(step[0], step[1..], GenerateTimeout, workingDirectory: example.Directory);
            Assert.True(result.Succeeded, result.Describe());
        }
    }

    private static Task<ProcessResult> RunAsync(ExampleClient example, LiveGateway gateway, string run) =>
        ProcessRunner.RunAsync(example.Command[0], [.. example.Command[1..], "--address", gateway.GrpcHostPort, run], RunTimeout);
}
