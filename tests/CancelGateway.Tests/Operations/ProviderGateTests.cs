using System.Collections.Concurrent;
using CancelGateway.Operations;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Operations;

/// <summary>The gate's dispatcher lets calls out in the fair queue's order, and drops none.</summary>
public sealed class ProviderGateTests : IDisposable
{
    private readonly ProviderGate _gate = new(new EngineOptions { ProviderConcurrency = 1, ProviderRequestsPerSecond = 100_000 });

    public void Dispose() => _gate.Dispose();

    [Fact]
    public async Task RunAsync_SingleCancelQueuedBehindABatch_GoesOutNext()
    {
        var order = new ConcurrentQueue<string>();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The one slot is taken, so everything below waits in the queue.
        var blocker = _gate.RunAsync(Provider.VertexAi, new ProviderWork(new CallerKey("a"), WorkLane.Batch), async _ => { holding.SetResult(); await hold.Task; return 0; }, CancellationToken.None);
        await holding.Task.Within();
        var batch = Enumerable.Range(0, 200)
            .Select(i => _gate.RunAsync(Provider.VertexAi, new ProviderWork(new CallerKey("a"), WorkLane.Batch), _ => { order.Enqueue($"a{i}"); return Task.FromResult(i); }, CancellationToken.None))
            .ToList();
        var single = _gate.RunAsync(Provider.VertexAi, new ProviderWork(new CallerKey("b"), WorkLane.Interactive), _ => { order.Enqueue("urgent"); return Task.FromResult(-1); }, CancellationToken.None);

        hold.SetResult();
        await Task.WhenAll([blocker, single, .. batch]).Within();

        Assert.Equal("urgent", order.First());
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"a{i}"), order.Skip(1));
    }

    [Fact]
    public async Task RunAsync_CancelledWhileQueued_GivesItsTurnToTheNext()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = new ProviderWork(new CallerKey("a"), WorkLane.Batch);
        var blocker = _gate.RunAsync(Provider.VertexAi, work, async _ => { holding.SetResult(); await hold.Task; return 0; }, CancellationToken.None);
        await holding.Task.Within();
        using var cancel = new CancellationTokenSource();
        var cancelled = _gate.RunAsync(Provider.VertexAi, work, _ => Task.FromResult(1), cancel.Token);
        var next = _gate.RunAsync(Provider.VertexAi, work, _ => Task.FromResult(2), CancellationToken.None);

        await cancel.CancelAsync();
        hold.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());
        Assert.Equal(2, await next.Within());
        Assert.Equal(0, await blocker.Within());
    }
}
