using CancelGateway.Operations;
using CancelGateway.Storage;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Xunit;
using static CancelGateway.Tests.Storage.StoreTestOperations;
namespace CancelGateway.Tests.Storage;

/// <summary>
/// What every operation store promises, whichever database holds it: the same tests run against
/// SQLite (<see cref="SqliteStoreContractTests"/>) and PostgreSQL (<see cref="PostgresStoreContractTests"/>).
/// </summary>
public abstract class OperationStoreContractTests : IAsyncLifetime
{
    private const string RunA = "projects/p/locations/l/pipelineJobs/a";
    private const string RunB = "projects/p/locations/l/pipelineJobs/b";
    private const string RunC = "projects/p/locations/l/pipelineJobs/c";
    private IOperationStore? _store;

    private IOperationStore Store => _store ?? throw new InvalidOperationException("Not started.");

    private IAuditTrail Audit => (IAuditTrail)Store;

    public async Task InitializeAsync()
    {
        _store = await OpenAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CreateCancel_SameRunWhileNotDone_Joins_AndAfterDone_CreatesAnew()
    {
        var first = await Store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        var joined = await Store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        var other = await Store.CreateCancelAsync(NewCancel(RunB), CancellationToken.None).Within();
        Assert.True(await Store.UpdateAsync(Done(first.Operation), CancellationToken.None).Within());
        var again = await Store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();

        Assert.Equal(CreateKind.Created, first.Kind);
        Assert.Equal((CreateKind.Joined, first.Operation.Name), (joined.Kind, joined.Operation.Name));
        Assert.Equal(CreateKind.Created, other.Kind);
        Assert.Equal(CreateKind.Created, again.Kind);
        Assert.NotEqual(first.Operation.Name, again.Operation.Name);
        Assert.Equal(again.Operation.Name, await Store.FindLatestForRunAsync(RunA, CancellationToken.None).Within());
        Assert.True((await Store.GetAsync(first.Operation.Name, CancellationToken.None).Within())!.Done);
    }

    [Fact]
    public async Task CreateCancel_OneRunFromTwentyTasks_CreatesExactlyOne()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None)))).Within();

        Assert.Single(outcomes, o => o.Kind == CreateKind.Created);
        Assert.Single(outcomes.Select(o => o.Operation.Name).Distinct());
    }

    [Fact]
    public async Task RequestId_Replays_IsScopedByPrincipal_AndStaysClaimedAfterDelete()
    {
        var claim = new RequestIdClaim("id-1", "cancel|a", "alice");
        var first = await Store.CreateCancelAsync(NewCancel(RunA, claim), CancellationToken.None).Within();
        var replay = await Store.CreateCancelAsync(NewCancel(RunA, claim), CancellationToken.None).Within();
        var otherPrincipal = await Store.CreateCancelAsync(NewCancel(RunB, claim with { Scope = "bob" }), CancellationToken.None).Within();

        Assert.Equal((CreateKind.Replayed, first.Operation.Name, "cancel|a"), (replay.Kind, replay.Operation.Name, replay.ReplayedFingerprint));
        Assert.Equal(CreateKind.Created, otherPrincipal.Kind);
        await Store.UpdateAsync(Done(first.Operation), CancellationToken.None).Within();
        Assert.True(await Store.DeleteAsync(first.Operation.Name, CancellationToken.None).Within());
        Assert.False(await Store.DeleteAsync(first.Operation.Name, CancellationToken.None).Within());
        Assert.Equal(first.Operation.Name, (await Store.FindRequestIdAsync(claim.Key, CancellationToken.None).Within())?.OperationName);
    }

    [Fact]
    public async Task Update_OfADoneOperation_ReturnsFalse_AndDeleteOfOneInFlightThrows()
    {
        var created = await Store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.DeleteAsync(created.Operation.Name, CancellationToken.None).Within());
        var done = Done(created.Operation);
        Assert.True(await Store.UpdateAsync(done, CancellationToken.None).Within());

        Assert.False(await Store.UpdateAsync(Done(created.Operation, RunState.Failed), CancellationToken.None).Within());
        Assert.Equal(done, await Store.GetAsync(created.Operation.Name, CancellationToken.None).Within());
    }

    [Fact]
    public async Task CreateBatch_JoinsRunsInFlight_StoresTheBatch_AndReplaysItsRequestId()
    {
        var inFlight = await Store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        var claim = new RequestIdClaim("batch-1", "batch|a|b");

        var batch = await Store.CreateBatchAsync([NewCancel(RunA), NewCancel(RunB)], (names, created) => OperationSnapshots.Pending(OperationNames.New(), new BatchCancelOperationMetadata { Total = names.Count }), claim, CancellationToken.None).Within();
        var replay = await Store.CreateBatchAsync([NewCancel(RunA), NewCancel(RunB)], (_, _) => throw new InvalidOperationException("A replay builds nothing."), claim, CancellationToken.None).Within();

        Assert.Equal(CreateKind.Created, batch.Kind);
        Assert.Equal([false, true], batch.Created);
        Assert.Equal(inFlight.Operation.Name, batch.ChildNames[0]);
        Assert.Equal((CreateKind.Replayed, batch.Batch.Name), (replay.Kind, replay.Batch.Name));
        Assert.NotNull(await Store.GetAsync(batch.Batch.Name, CancellationToken.None).Within());
    }

    [Fact]
    public async Task Listings_PageOldestFirst_WithFilters_AndUnfinishedForResume()
    {
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            names.Add((await Store.CreateCancelAsync(NewCancel($"{RunA}-{i}"), CancellationToken.None).Within()).Operation.Name);
        }

        await Store.UpdateAsync(Done((await Store.GetAsync(names[1], CancellationToken.None).Within())!), CancellationToken.None).Within();
        var seen = new List<string>();
        long after = 0;
        for (var page = 0; page < 10; page++)
        {
            var listed = await Store.ListAsync(new OperationFilter(Done: false), 2, after, long.MaxValue, CancellationToken.None).Within();
            seen.AddRange(listed.Operations.Select(o => o.Operation.Name));
            if (listed.LastSequence is not { } last)
            {
                break;
            }

            after = last;
        }

        Assert.Equal(names.Where((_, i) => i != 1), seen);
        Assert.Equal(names.Where((_, i) => i != 1), (await Store.ListUnfinishedAsync(CancellationToken.None).Within()).Readable.Select(o => o.Operation.Name));
        Assert.Equal([names[1]], (await Store.ListAsync(new OperationFilter(Done: true), 10, 0, long.MaxValue, CancellationToken.None).Within()).Operations.Select(o => o.Operation.Name));
        Assert.True(await Store.PingAsync(CancellationToken.None).Within());
    }

    [Fact]
    public async Task AuditTrail_AppendsAndFilters_AndASecondStartKeepsEverything()
    {
        var start = TimeProvider.System.GetUtcNow();
        await Audit.AppendAsync(Event("alice", RunA, RunB), CancellationToken.None).Within();
        await Audit.AppendAsync(Event("bob", RunB), CancellationToken.None).Within();
        await Audit.AppendAsync(Event("alice"), CancellationToken.None).Within();

        var reopened = (IAuditTrail)await OpenAsync();
        var all = await reopened.ListAsync(new AuditQuery(), 10, 0, CancellationToken.None).Within();
        var aboutB = await reopened.ListAsync(new AuditQuery(Run: RunB), 10, 0, CancellationToken.None).Within();
        var alice = await reopened.ListAsync(new AuditQuery(Principal: "alice"), 1, 0, CancellationToken.None).Within();
        var later = await reopened.ListAsync(new AuditQuery(From: start.AddHours(1)), 10, 0, CancellationToken.None).Within();

        Assert.Equal(["alice", "bob", "alice"], all.Events.Select(e => e.Principal));
        Assert.True(all.Events.Select(e => e.Sequence).SequenceEqual(all.Events.Select(e => e.Sequence).Order()));
        Assert.Equal(["alice", "bob"], aboutB.Events.Select(e => e.Principal));
        Assert.Equal([RunA, RunB], alice.Events.Single().Runs);
        Assert.NotNull(alice.LastSequence);
        Assert.Empty(later.Events);
    }

    [Fact]
    public async Task Leases_WhatAReplicaCreatesIsItsOwn_AfterItLeavesTheNextStartClaimsTheUnfinished()
    {
        var first = (IOperationLeases)Store;
        await first.JoinAsync(TimeSpan.FromSeconds(30), CancellationToken.None).Within();
        var a = await Store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        var b = await Store.CreateCancelAsync(NewCancel(RunB), CancellationToken.None).Within();
        var batch = await Store.CreateBatchAsync([NewCancel(RunA), NewCancel(RunC)], (names, _) => OperationSnapshots.Pending(OperationNames.New(), new BatchCancelOperationMetadata { Total = names.Count }), null, CancellationToken.None).Within();
        Assert.True(await Store.UpdateAsync(Done(b.Operation), CancellationToken.None).Within());

        Assert.Empty((await first.ClaimAsync(100, CancellationToken.None).Within()).Readable);

        await first.LeaveAsync(CancellationToken.None).Within();
        var second = (IOperationLeases)await OpenAsync();
        var joined = await second.JoinAsync(TimeSpan.FromSeconds(30), CancellationToken.None).Within();
        var claimed = await second.ClaimAsync(100, CancellationToken.None).Within();
        var again = await second.ClaimAsync(100, CancellationToken.None).Within();

        Assert.Equal(joined.Replica, second.Replica);
        Assert.Equal([a.Operation.Name, batch.ChildNames[1], batch.Batch.Name], claimed.Readable.Select(o => o.Operation.Name));
        Assert.Equal([OperationKind.Cancel, OperationKind.Cancel, OperationKind.Batch], claimed.Readable.Select(o => o.Kind));
        Assert.Empty(again.Readable);
        Assert.True(await ((IOperationStore)second).UpdateAsync(Done(a.Operation), CancellationToken.None).Within());
    }

    [Fact]
    public async Task RequestForce_ReachesTheOwnersRenewal_UntilTheOperationIsDone()
    {
        var leases = (IOperationLeases)Store;
        var lease = await leases.JoinAsync(TimeSpan.FromSeconds(30), CancellationToken.None).Within();
        var a = await Store.CreateCancelAsync(NewCancel(RunA), CancellationToken.None).Within();
        await Store.CreateCancelAsync(NewCancel(RunB), CancellationToken.None).Within();

        Assert.True(await leases.RequestForceAsync(a.Operation.Name, CancellationToken.None).Within());
        var renewal = await leases.RenewAsync(CancellationToken.None).Within();
        Assert.Equal([a.Operation.Name], renewal!.ForceRequested);
        Assert.Equal(1, lease.LiveReplicas);
        Assert.Equal(1, renewal.LiveReplicas);

        Assert.True(await Store.UpdateAsync(Done(a.Operation), CancellationToken.None).Within());
        Assert.Empty((await leases.RenewAsync(CancellationToken.None).Within())!.ForceRequested);
        Assert.False(await leases.RequestForceAsync(a.Operation.Name, CancellationToken.None).Within());
        Assert.False(await leases.RequestForceAsync("operations/none", CancellationToken.None).Within());
    }

    /// <summary>A store over this class's database, initialized (again, for the second start).</summary>
    private protected abstract Task<IOperationStore> OpenAsync();

    private static AuditEvent Event(string principal, params string[] runs) => new()
    {
        Time = OperationSnapshots.Time(TimeProvider.System.GetUtcNow()),
        Principal = principal,
        Authentication = "jwt",
        Method = "Cancel",
        Decision = AuditDecision.Accepted,
        Runs = { runs },
    };
}
