using CancelGateway.Emulators.Vertex;
using Grpc.Core;
using CancelGateway.Providers;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Providers.VertexAi;

/// <summary>Transient failures: 503, 429 with Retry-After, dropped connections, time-outs, nobody listening.</summary>
public sealed class VertexAiFaultTests
{
    [Fact]
    public async Task RequestCancelAsync_Vertex503_ThrowsTransientUnavailableAndCancelsNothing()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("unavailable");
        h.Emulator.Faults.FailureRate = 1;
        h.Emulator.Faults.ThrottleShare = 0;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Unavailable, ex.Code);
        Assert.Equal("PROVIDER_UNAVAILABLE", ex.Reason);
        Assert.True(ex.IsTransient);
        Assert.Equal(503, ex.HttpStatus);
        Assert.Equal("UNAVAILABLE", ex.ProviderCode);
        Assert.Null(ex.RetryAfter);
        Assert.Equal(PipelineState.Running, h.StateOf(run));
        Assert.Empty(h.UnexpectedErrors());
    }

    [Fact]
    public async Task GetStatusAsync_Vertex429WithRetryAfter_ThrowsTransientRateLimitedWithRetryAfter()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("throttled");
        h.Emulator.Faults.FailureRate = 1;
        h.Emulator.Faults.ThrottleShare = 1;
        h.Emulator.Faults.RetryAfter = TimeSpan.FromSeconds(7);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.ResourceExhausted, ex.Code);
        Assert.Equal("PROVIDER_RATE_LIMITED", ex.Reason);
        Assert.True(ex.IsTransient);
        Assert.Equal(429, ex.HttpStatus);
        Assert.Equal("RESOURCE_EXHAUSTED", ex.ProviderCode);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
    }

    [Fact]
    public async Task RequestCancelAsync_ConnectionDropped_ThrowsTransientUnreachable()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("dropped");
        h.Emulator.Faults.DropConnectionRate = 1;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Unavailable, ex.Code);
        Assert.Equal("PROVIDER_UNREACHABLE", ex.Reason);
        Assert.True(ex.IsTransient);
        Assert.Null(ex.HttpStatus);
        Assert.Contains(run.Text, ex.Message, StringComparison.Ordinal);
        Assert.Equal(PipelineState.Running, h.StateOf(run));
    }

    [Fact]
    public async Task GetStatusAsync_NothingListening_ThrowsTransientUnreachable()
    {
        var port = VertexAiCredentialsTests.ClosedPort();
        await using var h = await VertexAiHarness.StartAsync(settings: new Dictionary<string, string?> { ["Endpoint"] = $"http://127.0.0.1:{port}/" });
        var run = h.AddRun("nobody-home");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Unavailable, ex.Code);
        Assert.Equal("PROVIDER_UNREACHABLE", ex.Reason);
        Assert.True(ex.IsTransient);
        Assert.Contains("could not be reached", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_NoAnswerWithinRequestTimeout_ThrowsTransientUnreachable()
    {
        await using var h = await VertexAiHarness.StartAsync(settings: new Dictionary<string, string?> { ["RequestTimeout"] = "00:00:05" });
        var run = h.AddRun("slow");
        await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        h.Emulator.Faults.MinLatency = TimeSpan.FromMinutes(5);

        var call = h.Provider.GetStatusAsync(run, CancellationToken.None);
        await TestTimeouts.UntilAsync(() => h.Emulator.GetCalls(run.Text) == 2, "the slow request to arrive");
        h.Clock.Advance(TimeSpan.FromSeconds(6));
        var ex = await Assert.ThrowsAsync<ProviderException>(() => call).Within();

        Assert.Equal(StatusCode.Unavailable, ex.Code);
        Assert.Equal("PROVIDER_UNREACHABLE", ex.Reason);
        Assert.True(ex.IsTransient);
        Assert.Contains("did not answer within 5 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var run = h.AddRun("abandoned");
        await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        h.Emulator.Faults.MinLatency = TimeSpan.FromMinutes(5);
        using var cts = new CancellationTokenSource();

        var call = h.Provider.GetStatusAsync(run, cts.Token);
        await TestTimeouts.UntilAsync(() => h.Emulator.GetCalls(run.Text) == 2, "the slow request to arrive");
        await cts.CancelAsync().Within();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).Within();
    }
}
