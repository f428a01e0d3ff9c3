using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.LongRunning;
using Xunit;
using Xunit.Abstractions;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// Watchers cost no provider calls: a run has one poller however many WatchRun streams follow
/// it, so a thousand watchers make the same GETs as ten.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class WatchFanOutTests(ITestOutputHelper output)
{
    private const int RunCount = 10;

    private static readonly TimeSpan Cancelling = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WatchRun_ThousandWatchersOnTenRuns_PollTheProviderNoMoreThanTenWatchers()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        var baseline = await WatchAsync(fixture, watchersPerRun: 1, channels: 1);
        var fannedOut = await WatchAsync(fixture, watchersPerRun: 100, channels: 10);

        output.WriteLine($"GETs with {RunCount} watchers: {baseline}; with {RunCount * 100} watchers: {fannedOut}.");
        Assert.True(baseline >= RunCount, $"Only {baseline} GETs for {RunCount} runs: the runs were not polled.");
        Assert.True(fannedOut <= (baseline * 1.1) + 5, $"{RunCount * 100} watchers made the gateway send {fannedOut} GETs, against {baseline} for {RunCount} watchers.");
        fixture.AssertNoUnexpectedErrors();
    }

    /// <summary>Cancels fresh runs, follows each with <paramref name="watchersPerRun"/> streams until done, and returns the GETs the runs received.</summary>
    private static async Task<int> WatchAsync(GatewayFixture fixture, int watchersPerRun, int channels)
    {
        var runs = Enumerable.Range(0, RunCount).Select(_ => fixture.AddRun(b => b.CancellingFor(Cancelling), "watched")).ToList();
        var clients = Enumerable.Range(0, channels).Select(_ => new GatewayClient(fixture.Gateway.Address)).ToList();
        try
        {
            var operations = await Task.WhenAll(runs.Select(run => fixture.Client.CancelAsync(run))).Within();
            var watches = new List<(string Operation, Task<IReadOnlyList<Operation>> Snapshots)>();
            for (var i = 0; i < RunCount * watchersPerRun; i++)
            {
                var run = i % RunCount;
                watches.Add((operations[run].Name, clients[i % channels].WatchAsync(runs[run], WatchTimeout)));
            }

            await Task.WhenAll(watches.Select(w => w.Snapshots)).WaitAsync(WatchTimeout);

            foreach (var (operation, task) in watches)
            {
                var snapshots = await task;
                Assert.All(snapshots, s => Assert.Equal(operation, s.Name));
                Assert.False(snapshots[0].Done, "A watcher started after the run's cancellation was done; it watched nothing in flight.");
                var last = snapshots[^1];
                Assert.True(last.Done, "A watcher's stream ended before the done snapshot.");
                Assert.Equal(RunState.Cancelled, last.Response.Unpack<CancelRunResponse>().FinalState);
            }

            return runs.Sum(fixture.Emulator.GetCalls);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
