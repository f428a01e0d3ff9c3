using System.Diagnostics;
using CancelGateway.Operations;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Operations;

/// <summary>A replica's share of a provider's limits when several replicas are live (real time: a rate is a matter of seconds).</summary>
public sealed class ProviderShareTests
{
    [Fact]
    public async Task ShareAmong_ThreeReplicas_NoSecondOfCallsAboveAThirdOfTheRate()
    {
        using var gate = new ProviderGate(new EngineOptions { ProviderRequestsPerSecond = 30, ProviderConcurrency = 32 });
        gate.ShareAmong(3);
        var clock = Stopwatch.StartNew();
        var sent = new List<TimeSpan>();
        var work = new ProviderWork(new CallerKey("a"), WorkLane.Batch);

        // Two and a half seconds of calls as fast as the gate lets them out.
        while (clock.Elapsed < TimeSpan.FromSeconds(2.5))
        {
            await gate.RunAsync(Provider.VertexAi, work, _ => { lock (sent) { sent.Add(clock.Elapsed); } return Task.FromResult(0); }, CancellationToken.None).Within();
        }

        // In any one second, at most a third of 30: the three replicas together stay within 30.
        var busiest = sent.Max(start => sent.Count(t => t >= start && t < start + TimeSpan.FromSeconds(1)));
        Assert.InRange(busiest, 2, 10);
        Assert.True(sent.Count >= 5, $"only {sent.Count} calls in 2.5 s");
    }

    [Fact]
    public async Task ShareAmong_ThreeReplicas_AThirdOfTheConcurrencyCap()
    {
        using var gate = new ProviderGate(new EngineOptions { ProviderRequestsPerSecond = 100_000, ProviderConcurrency = 9 });
        gate.ShareAmong(3);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var most = 0;
        var work = new ProviderWork(new CallerKey("a"), WorkLane.Batch);

        var calls = Enumerable.Range(0, 12).Select(_ => gate.RunAsync(Provider.VertexAi, work, async _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await release.Task;
            Interlocked.Decrement(ref running);
            return 0;
        }, CancellationToken.None)).ToList();
        await Task.Delay(500);
        var atOnce = Volatile.Read(ref most);
        release.SetResult();
        await Task.WhenAll(calls).Within();

        Assert.Equal(3, atOnce);
    }

    [Fact]
    public async Task ShareAmong_BackToOneReplica_TheWholeCapAgain()
    {
        using var gate = new ProviderGate(new EngineOptions { ProviderRequestsPerSecond = 100_000, ProviderConcurrency = 6 });
        var work = new ProviderWork(new CallerKey("a"), WorkLane.Batch);
        await gate.RunAsync(Provider.VertexAi, work, _ => Task.FromResult(0), CancellationToken.None).Within();
        gate.ShareAmong(3);
        await Task.Delay(100);
        gate.ShareAmong(1);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;

        var calls = Enumerable.Range(0, 6).Select(_ => gate.RunAsync(Provider.VertexAi, work, async _ => { Interlocked.Increment(ref started); await release.Task; return 0; }, CancellationToken.None)).ToList();
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref started) < 6 && clock.Elapsed < TestTimeouts.Default)
        {
            await Task.Delay(10);
        }

        release.SetResult();
        await Task.WhenAll(calls).Within();
        Assert.Equal(6, started);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
