using System.Net;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// gRPC-Web (Grpc.AspNetCore.Web, on for every service) through the real host on its embedded
/// defaults: buf curl (connect-go's gRPC-Web client) over the cleartext HTTP/1.1 listener and over
/// h2c on the gRPC port, and grpc-dotnet's GrpcWebHandler over HTTP/1.1.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class GrpcWebTests(EmbeddedGatewayFixture fixture) : IClassFixture<EmbeddedGatewayFixture>
{
    private const string Service = "cancelgateway.v1.PipelineControl";

    // buf's own limit; the process runner kills it a little later if it does not stop.
    private static readonly TimeSpan BufTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cancel_BufCurlGrpcWebOverHttp11_ReturnsTheOperation()
    {
        var run = DemoRuns.VertexRunNames[0];

        var result = await BufCurlAsync(fixture.HttpAddress, "Cancel", $$"""{"name":"{{run}}","reason":"grpc-web"}""", http2: false);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Matches("\"name\": \"operations/[0-9a-f]{32}\"", result.StandardOutput);
        Assert.Contains("type.googleapis.com/cancelgateway.v1.CancelOperationMetadata", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"\"run\": \"{run}\"", result.StandardOutput, StringComparison.Ordinal);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task WatchRun_BufCurlGrpcWebOverHttp11_StreamsUntilCancelled()
    {
        var run = DemoRuns.CodeArtsRunNames[0];
        await fixture.Client.CancelAsync(run).Within();

        var result = await BufCurlAsync(fixture.HttpAddress, "WatchRun", $$"""{"name":"{{run}}"}""", http2: false);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("\"done\": true", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"finalState\": \"RUN_STATE_CANCELLED\"", result.StandardOutput, StringComparison.Ordinal);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task CancelAndWatchRun_BufCurlGrpcWebOverH2c_StreamsUntilCancelled()
    {
        // The ARN's ':' and '/' in a gRPC-Web body; schema by server reflection, which needs HTTP/2.
        var run = DemoRuns.SageMakerExecutionArns[0];

        var cancel = await BufCurlAsync(fixture.Address, "Cancel", $$"""{"name":"{{run}}"}""", http2: true);
        var watch = await BufCurlAsync(fixture.Address, "WatchRun", $$"""{"name":"{{run}}"}""", http2: true);

        Assert.True(cancel.Succeeded, cancel.Describe());
        Assert.Contains("\"provider\": \"PROVIDER_SAGEMAKER\"", cancel.StandardOutput, StringComparison.Ordinal);
        Assert.True(watch.Succeeded, watch.Describe());
        Assert.Contains("\"done\": true", watch.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"finalState\": \"RUN_STATE_CANCELLED\"", watch.StandardOutput, StringComparison.Ordinal);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_BufCurlGrpcWebUnknownRun_NotFoundWithErrorInfo()
    {
        var result = await BufCurlAsync(fixture.HttpAddress, "Cancel", """{"name":"projects/demo-project/locations/us-central1/pipelineJobs/no-such-job"}""", http2: false);

        Assert.False(result.Succeeded, result.Describe());
        Assert.False(result.TimedOut, result.Describe());
        Assert.Contains("\"code\": \"not_found\"", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("google.rpc.ErrorInfo", result.StandardError, StringComparison.Ordinal);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task CancelAndWatchRun_GrpcWebHandlerOverHttp11_StreamsUntilCancelled()
    {
        var run = DemoRuns.VertexRunNames[1];
        using var channel = GrpcChannel.ForAddress(fixture.HttpAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
        });
        var client = new V1.PipelineControl.PipelineControlClient(channel);
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + TestTimeouts.Default;

        var cancel = await client.CancelAsync(new CancelRequest { Name = run }, deadline: deadline).ResponseAsync.Within();
        var snapshots = new List<Google.LongRunning.Operation>();
        using (var watch = client.WatchRun(new WatchRunRequest { Name = run }, deadline: deadline))
        {
            while (await watch.ResponseStream.MoveNext(CancellationToken.None).Within())
            {
                snapshots.Add(watch.ResponseStream.Current);
            }
        }

        Assert.All(snapshots, s => Assert.Equal(cancel.Name, s.Name));
        Assert.True(snapshots[^1].Done);
        Assert.Equal(RunState.Cancelled, snapshots[^1].Response.Unpack<CancelRunResponse>().FinalState);
        var failure = await GatewayClient.FailureOf(() => client.CancelAsync(new CancelRequest { Name = "bogus" }, deadline: deadline).ResponseAsync.Within());
        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("name", failure.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.Single().Field);
        fixture.AssertNoUnexpectedErrors();
    }

    /// <summary>
    /// buf curl with the gRPC-Web protocol. Over HTTP/1.1 it is given the protos (server reflection
    /// is a bidirectional stream, which gRPC-Web cannot carry); over h2c it asks the server.
    /// </summary>
    private static async Task<ProcessResult> BufCurlAsync(Uri address, string method, string json, bool http2)
    {
        var buf = await ForeignClientModules.BufAsync();
        IEnumerable<string> transport = http2 ? ["--http2-prior-knowledge"] : ["--schema", GrpcWebSchema.Directory];
        return await ProcessRunner.RunAsync(
            buf,
            ["curl", "--protocol", "grpcweb", .. transport, "--timeout", $"{BufTimeout.TotalSeconds:0}s", "-d", json, new Uri(address, $"{Service}/{method}").AbsoluteUri],
            BufTimeout + TimeSpan.FromSeconds(10),
            RepoPaths.ForeignClients);
    }
}
