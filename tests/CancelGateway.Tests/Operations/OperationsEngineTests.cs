using CancelGateway.Operations;
using CancelGateway.Providers;
using CancelGateway.Storage;
using CancelGateway.Storage.InMemory;
using CancelGateway.V1;
using Google.LongRunning;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Operations;

/// <summary>The engine's verbs over the in-memory store on a fake clock: joins, request-id replay, batch progress, resume after a restart, takeover after a lease lapses.</summary>
public sealed class OperationsEngineTests : IAsyncDisposable
{
    private static readonly TimeSpan FakeTimeLimit = TimeSpan.FromMinutes(2);
    private static readonly CallerKey Caller = new("test");
    private readonly EngineHarness _harness = new();

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Cancel_SameRunWhileInFlight_JoinsTheOperation_AndTheProviderHearsOneCancel()
    {
        var provider = new ScriptedProvider(_harness.Clock);
        var engine = await _harness.StartAsync(provider);
        var run = Run("joined");

        var first = await CancelAsync(engine, run);
        var second = await CancelAsync(engine, run);
        provider.RunningReads = 0;
        var done = await UntilDoneAsync(engine, first.Operation.Name);

        Assert.Equal(CreateKind.Created, first.Kind);
        Assert.Equal((CreateKind.Joined, first.Operation.Name), (second.Kind, second.Operation.Name));
        Assert.Single(provider.CancelCalls);
        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.Equal(1, done.Metadata.Unpack<CancelOperationMetadata>().Joined);
    }

    [Fact]
    public async Task Cancel_RequestIdRepeated_ReplaysTheOperation_AndReusedForAnotherRun_IsRefused()
    {
        var provider = new ScriptedProvider(_harness.Clock) { RunningReads = 0 };
        var engine = await _harness.StartAsync(provider);

        var first = await CancelAsync(engine, Run("replayed"), "request-1");
        var repeat = await CancelAsync(engine, Run("replayed"), "request-1");
        var reuse = await Assert.ThrowsAsync<RpcException>(() => CancelAsync(engine, Run("other"), "request-1"));

        Assert.Equal((CreateKind.Replayed, first.Operation.Name), (repeat.Kind, repeat.Operation.Name));
        Assert.Equal(StatusCode.InvalidArgument, reuse.StatusCode);
        Assert.Contains("request_id 'request-1' was already used", reuse.Status.Detail, StringComparison.Ordinal);
        Assert.Single(provider.CancelCalls);
    }

    [Fact]
    public async Task BatchCancel_ThreeRunsOneAlreadyInFlight_JoinsIt_AndCountsEveryRunDone()
    {
        var provider = new ScriptedProvider(_harness.Clock);
        var engine = await _harness.StartAsync(provider);
        var runs = new[] { Run("batch-a"), Run("batch-b"), Run("batch-c") };
        var inFlight = await CancelAsync(engine, runs[1]);

        var batch = await engine.BatchCancelAsync(runs.Select(Parse).ToList(), new Dictionary<int, Google.Rpc.Status>(), null, "test", CancelMode.Graceful, "tester", null, Caller, CancellationToken.None);
        var watching = Task.Run(async () => await ToListAsync(engine.WatchAsync(batch.Operation.Name, CancellationToken.None)));
        provider.RunningReads = 0;
        var done = await UntilDoneAsync(engine, batch.Operation.Name);
        var progress = (await watching.WaitAsync(TimeSpan.FromSeconds(30))).Select(s => s.Metadata.Unpack<BatchCancelOperationMetadata>().DoneCount).ToList();

        var metadata = done.Metadata.Unpack<BatchCancelOperationMetadata>();
        Assert.Equal(inFlight.Operation.Name, metadata.Items[1].Operation);
        Assert.Equal((3, 3), (metadata.Total, metadata.DoneCount));
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(3, progress[^1]);
        foreach (var item in metadata.Items)
        {
            var child = (await engine.GetAsync(item.Operation, CancellationToken.None))!;
            Assert.Equal(RunState.Cancelled, child.Response.Unpack<CancelRunResponse>().FinalState);
        }

        Assert.Equal(3, provider.CancelCalls.Count);
    }

    [Fact]
    public async Task Start_AfterARestart_ResumesTheUnfinishedOperation_UntilDone()
    {
        var before = new ScriptedProvider(_harness.Clock);
        var first = await _harness.StartAsync(before);
        var accepted = await CancelAsync(first, Run("resumed"));
        await EngineHarness.StopAsync(first);
        Assert.False((await _harness.Store.GetAsync(accepted.Operation.Name, CancellationToken.None))!.Done);

        var after = new ScriptedProvider(_harness.Clock) { RunningReads = 0 };
        var restarted = await _harness.StartAsync(after);
        var done = await UntilDoneAsync(restarted, accepted.Operation.Name);

        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.NotEmpty(after.StatusCalls);
    }

    [Theory]
    [InlineData(true, true, 0)] // Vertex AI, SageMaker: the run reads CANCELLING, so the stop arrived
    [InlineData(true, false, 1)] // the run still reads RUNNING: the stop never arrived
    [InlineData(false, true, 0)] // CodeArts: the stop was marked in flight and the run cannot tell; it ends meanwhile
    public async Task Start_AfterAStopWasSentButNotRecorded_SendsItAgainOnlyWhenItCannotHaveArrived(bool showsStopping, bool stopping, int cancelsAfter)
    {
        // The first process sends the stop and stops for good before the answer is saved.
        var before = new ScriptedProvider(_harness.Clock) { CancelsHang = true, ShowsStopping = showsStopping };
        var first = await _harness.StartAsync(before);
        var accepting = CancelAsync(first, Run("sent-not-recorded"));
        Assert.True(await _harness.AdvanceUntilAsync(() => Task.FromResult(accepting.IsCompleted), FakeTimeLimit), "the Cancel was never answered");
        var accepted = await accepting;
        await EngineHarness.StopAsync(first);
        var stored = OperationSnapshots.CancelMetadata((await _harness.Store.GetAsync(accepted.Operation.Name, CancellationToken.None))!);
        Assert.Single(before.CancelCalls);
        Assert.False(stored.CancelRequested);
        Assert.Equal(!showsStopping, stored.CancelInFlight);

        var after = new ScriptedProvider(_harness.Clock) { ShowsStopping = showsStopping, Stopping = stopping, RunningReads = 2 };
        var restarted = await _harness.StartAsync(after);
        var done = await UntilDoneAsync(restarted, accepted.Operation.Name);

        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.Equal(cancelsAfter, after.CancelCalls.Count);
        Assert.False(OperationSnapshots.CancelMetadata(done).CancelInFlight);
    }

    [Fact]
    public async Task Stop_WhileAPollIsOut_AndTheCallFailsOnIt_LeavesTheOperationUnfinished()
    {
        var provider = new ScriptedProvider(_harness.Clock) { StatusReadsFailOnCancel = true };
        var engine = await _harness.StartAsync(provider);
        var accepting = CancelAsync(engine, Run("cut-short"));
        Assert.True(await _harness.AdvanceUntilAsync(() => Task.FromResult(accepting.IsCompleted && provider.StatusCalls.Count > 0), FakeTimeLimit), "the run was never polled");

        await EngineHarness.StopAsync(engine);

        var stored = (await _harness.Store.GetAsync((await accepting).Operation.Name, CancellationToken.None))!;
        Assert.False(stored.Done, $"the stop failed the operation: {stored.Error}");
    }

    [Fact]
    public async Task Cancel_ToAProviderWithoutAStoppingState_MarksTheRequestInFlightOnlyWhileItIsOut()
    {
        var provider = new ScriptedProvider(_harness.Clock) { ShowsStopping = false, RunningReads = 0 };
        var engine = await _harness.StartAsync(provider);

        var done = await UntilDoneAsync(engine, (await CancelAsync(engine, Run("marked"))).Operation.Name);

        var metadata = OperationSnapshots.CancelMetadata(done);
        Assert.True(metadata.CancelRequested);
        Assert.False(metadata.CancelInFlight);
        Assert.Single(provider.CancelCalls);
    }

    [Fact]
    public async Task Start_AfterARestartWithoutTheProvider_FailsTheUnfinishedOperation_WithProviderNotConfigured()
    {
        var first = await _harness.StartAsync(new ScriptedProvider(_harness.Clock));
        var accepted = await CancelAsync(first, Run("orphaned"));
        await EngineHarness.StopAsync(first);

        var restarted = await _harness.StartAsync();
        var failed = (await restarted.GetAsync(accepted.Operation.Name, CancellationToken.None))!;
        var readiness = await restarted.ReadinessAsync(CancellationToken.None);

        Assert.True(failed.Done);
        Assert.Equal((int)StatusCode.FailedPrecondition, failed.Error.Code);
        Assert.Equal("PROVIDER_NOT_CONFIGURED", failed.Error.Details.Single(d => d.Is(Google.Rpc.ErrorInfo.Descriptor)).Unpack<Google.Rpc.ErrorInfo>().Reason);
        Assert.False(readiness.IsReady);
        Assert.False(restarted.IsProviderConfigured(Provider.VertexAi));
    }

    [Fact]
    public async Task LeaseLapses_WhenAReplicaIsCutOff_AnotherTakesItsOperationOver_AndTheCutOneCallsTheProviderNoMore()
    {
        var lease = _harness.Options.LeaseTime;
        var onA = new ScriptedProvider(_harness.Clock);
        var onB = new ScriptedProvider(_harness.Clock) { RunningReads = 0 };
        var storeA = new PartitionableStore<InMemoryOperationStore>(new InMemoryOperationStore(_harness.Database));
        var replicaA = await _harness.StartAsync(storeA, onA);
        var replicaB = await _harness.StartAsync(new InMemoryOperationStore(_harness.Database), onB);
        var accepted = await CancelAsync(replicaA, Run("taken-over"));
        Assert.True(await _harness.AdvanceUntilAsync(() => Task.FromResult(onA.StatusCalls.Count >= 2), FakeTimeLimit), "replica A never polled its run");

        storeA.Cut = true;
        var cutAt = _harness.Clock.GetUtcNow();
        var done = await UntilDoneAsync(replicaB, accepted.Operation.Name);
        var takeover = onB.StatusCalls[0] - cutAt;

        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.InRange(takeover, TimeSpan.Zero, lease + _harness.Options.LeaseRenewInterval + _harness.Options.PollMaxInterval);
        Assert.True(onA.StatusCalls[^1] < onB.StatusCalls[0], $"replica A called the provider at {onA.StatusCalls[^1]:O}, after replica B took the operation over at {onB.StatusCalls[0]:O}");
        Assert.Single(onA.CancelCalls);
        Assert.NotEqual(replicaA.Replica, replicaB.Replica);
    }

    private static string Run(string id) => $"projects/p/locations/us-central1/pipelineJobs/{id}";

    private static RunName Parse(string run)
    {
        Assert.True(RunNameParser.TryParse(run, out var name, out var error), error);
        return name!;
    }

    private static Task<Admission> CancelAsync(OperationsEngine engine, string run, string? requestId = null) =>
        engine.CancelAsync(Parse(run), requestId, "test", CancelMode.Graceful, "tester", null, Caller, CancellationToken.None);

    private async Task<Operation> UntilDoneAsync(OperationsEngine engine, string name)
    {
        var done = await _harness.AdvanceUntilAsync(async () => (await engine.GetAsync(name, CancellationToken.None))?.Done == true, FakeTimeLimit);
        Assert.True(done, $"{name} was not done after {FakeTimeLimit} of fake time.");
        return (await engine.GetAsync(name, CancellationToken.None))!;
    }

    private static async Task<List<Operation>> ToListAsync(IAsyncEnumerable<Operation> snapshots)
    {
        var list = new List<Operation>();
        await foreach (var snapshot in snapshots)
        {
            list.Add(snapshot);
        }

        return list;
    }
}
