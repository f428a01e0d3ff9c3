using CancelGateway.Operations;
using CancelGateway.Providers;
using CancelGateway.Storage;
using CancelGateway.Storage.Sqlite;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace CancelGateway.Tests.Operations;

/// <summary>The worker's timing on a fake clock: Retry-After honoured, polls spaced ×1.25 up to the cap.</summary>
public sealed class CancelWorkerTests : IDisposable
{
    private const string Run = "projects/p/locations/us-central1/pipelineJobs/timing";
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new();
    private readonly EngineOptions _options = new()
    {
        PollInitialInterval = TimeSpan.FromSeconds(1),
        PollMultiplier = 1.25,
        PollMaxInterval = TimeSpan.FromSeconds(3),
        RetryInitialDelay = TimeSpan.FromMilliseconds(100),
        RetryMaxDelay = TimeSpan.FromSeconds(30),
        ProviderRequestsPerSecond = 100_000,
        ResubmitAfter = TimeSpan.FromHours(1),
    };

    private SqliteOperationStore? _store;
    private ProviderGate? _gate;

    public void Dispose()
    {
        _gate?.Dispose();
        _store?.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Submit_ThrottledWithRetryAfter_WaitsAtLeastThatLongBeforeRetrying()
    {
        var provider = new ScriptedProvider(_clock) { TransientCancelFailures = 1, RetryAfter = TimeSpan.FromSeconds(10), RunningReads = 0 };
        var (worker, run) = await StartAsync(provider);

        await AdvanceUntilAsync(() => provider.CancelCalls.Count == 1, TimeSpan.FromSeconds(1));
        await AdvanceAsync(TimeSpan.FromSeconds(9));
        Assert.Single(provider.CancelCalls);
        await AdvanceUntilAsync(() => run.IsCompleted, TimeSpan.FromSeconds(5));

        Assert.Equal(2, provider.CancelCalls.Count);
        // Timers are kept to the millisecond, so "10 s" may fire a fraction of one early.
        Assert.True(provider.CancelCalls[1] - provider.CancelCalls[0] >= TimeSpan.FromSeconds(9.99), $"retried after {provider.CancelCalls[1] - provider.CancelCalls[0]}");
        var done = (await _store!.GetAsync(worker.OperationName, CancellationToken.None))!;
        Assert.True(done.Done, $"not done after {provider.StatusCalls.Count} status reads");
        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.Equal(2, done.Metadata.Unpack<CancelOperationMetadata>().Attempts);
    }

    [Fact]
    public async Task Poll_RunStaysRunning_IntervalGrowsByMultiplierUpToTheCap()
    {
        var provider = new ScriptedProvider(_clock) { RunningReads = 9 };
        var (_, run) = await StartAsync(provider);

        await AdvanceUntilAsync(() => run.IsCompleted, TimeSpan.FromSeconds(60));

        var calls = provider.StatusCalls;
        Assert.Equal(10, calls.Count);
        var gaps = calls.Zip(calls.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        double[] expected = [1, 1.25, 1.5625, 1.953125, 2.44140625, 3, 3, 3, 3];
        Assert.Equal(expected.Length, gaps.Count);
        for (var i = 0; i < gaps.Count; i++)
        {
            // Timers fire at their due time, kept to the millisecond.
            Assert.InRange(gaps[i], expected[i] - 0.002, expected[i] + 0.002);
        }
    }

    [Fact]
    public async Task Poll_StatusWithoutAKnownState_FailsWithStateUnrecognizedOncePollBudgetIsSpent()
    {
        _options.PollFailureBudget = TimeSpan.FromSeconds(10);
        var provider = new ScriptedProvider(_clock) { UnknownState = "PIPELINE_STATE_SOMETHING_NEW" };
        var (worker, run) = await StartAsync(provider);

        await AdvanceUntilAsync(() => run.IsCompleted, TimeSpan.FromSeconds(60));

        var done = (await _store!.GetAsync(worker.OperationName, CancellationToken.None))!;
        Assert.True(done.Done, $"not done after {provider.StatusCalls.Count} status reads");
        Assert.True(provider.StatusCalls.Count > 1, "gave up on the first read instead of polling on within the budget");
        Assert.Equal((int)Grpc.Core.StatusCode.Internal, done.Error.Code);
        Assert.Equal("PROVIDER_STATE_UNRECOGNIZED", done.Error.Details.Single().Unpack<Google.Rpc.ErrorInfo>().Reason);
        Assert.Contains("PIPELINE_STATE_SOMETHING_NEW", done.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LeaseLapsedBeforeItsTurn_CallsNoProviderAndLeavesTheOperationUnfinished()
    {
        var provider = new ScriptedProvider(_clock) { RunningReads = 0 };
        var lease = new LeaseHolder(_clock);
        lease.Renewed(_clock.GetTimestamp(), TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromSeconds(11));
        var (worker, run) = await StartAsync(provider, lease);

        await run.WaitAsync(TestTimeouts.Default);

        Assert.Empty(provider.CancelCalls);
        Assert.Empty(provider.StatusCalls);
        Assert.False((await _store!.GetAsync(worker.OperationName, CancellationToken.None))!.Done);
    }

    [Fact]
    public async Task Run_LeaseLapsesWhilePolling_StopsBeforeTheNextPoll()
    {
        var provider = new ScriptedProvider(_clock) { RunningReads = 100 };
        var lease = new LeaseHolder(_clock);
        lease.Renewed(_clock.GetTimestamp(), TimeSpan.FromSeconds(5));
        var (worker, run) = await StartAsync(provider, lease);

        await AdvanceUntilAsync(() => run.IsCompleted, TimeSpan.FromSeconds(30));

        Assert.True(run.IsCompleted);
        Assert.Single(provider.CancelCalls);
        Assert.All(provider.StatusCalls, call => Assert.True(call - provider.CancelCalls[0] < TimeSpan.FromSeconds(5), $"polled at {call} after the lease lapsed"));
        Assert.False((await _store!.GetAsync(worker.OperationName, CancellationToken.None))!.Done);
    }

    private async Task<(CancelWorker Worker, Task Run)> StartAsync(ScriptedProvider provider, LeaseHolder? lease = null)
    {
        if (lease is null)
        {
            lease = new LeaseHolder(_clock);
            lease.Renewed(_clock.GetTimestamp(), Timeout.InfiniteTimeSpan);
        }

        var store = _store = new SqliteOperationStore(Options.Create(new SqliteStoreOptions { Path = _directory.File("ops.db") }), _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteOperationStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        var book = new OperationBook(store, new OperationWatchHub(), Options.Create(_options));
        var metadata = new CancelOperationMetadata { Run = Run, Provider = Provider.VertexAi, Mode = CancelMode.Graceful, CreateTime = OperationSnapshots.Time(_clock.GetUtcNow()) };
        var created = await store.CreateCancelAsync(new NewCancel(Run, OperationSnapshots.Pending(OperationNames.New(), metadata)), CancellationToken.None);
        Assert.True(RunNameParser.TryParse(Run, out var name, out _));
        var worker = new CancelWorker(created.Operation, name!, provider, new ProviderWork(new CallerKey("test"), WorkLane.Interactive), null, book, _gate = new ProviderGate(_options), new RetryPolicy(_options, _clock), _options, lease, _clock, NullLogger.Instance);
        return (worker, Task.Run(() => worker.RunAsync(CancellationToken.None)));
    }

    private Task AdvanceAsync(TimeSpan total) => AdvanceUntilAsync(() => false, total);

    /// <summary>Moves the fake clock in 250 ms steps (timers fire at their exact due time within a step), letting the worker react to each, until the condition holds or the time is used up.</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var step = TimeSpan.FromMilliseconds(250);
        for (var moved = TimeSpan.Zero; moved <= limit; moved += step)
        {
            // Let the worker (on the thread pool) get to its next timer before the clock moves, so
            // the timer is armed from the right "now" even on a busy machine.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!condition() && _clock.PendingTimers == 0 && waited.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(1);
            }

            if (condition())
            {
                return;
            }

            _clock.Advance(step);
        }
    }
}
