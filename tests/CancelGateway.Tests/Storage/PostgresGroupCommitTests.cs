using System.Collections.Concurrent;
using CancelGateway.Operations;
using CancelGateway.Storage;
using CancelGateway.Storage.Postgres;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;
using static CancelGateway.Tests.Storage.StoreTestOperations;

namespace CancelGateway.Tests.Storage;

/// <summary>
/// The PostgreSQL store's group commit: many writes waiting together share one transaction, yet
/// each caller gets its own result, the owner and done checks hold per row, and the other
/// replicas are told every changed operation in notifications under PostgreSQL's payload limit.
/// </summary>
public sealed class PostgresGroupCommitTests : IAsyncLifetime
{
    private static readonly TimeSpan ServerStartTimeout = TimeSpan.FromMinutes(2);
    private readonly List<PostgresOperationStore> _stores = [];
    private string _connectionString = null!;

    public async Task InitializeAsync() =>
        _connectionString = await (await PostgresTestServer.SharedAsync().WaitAsync(ServerStartTimeout)).CreateDatabaseAsync().Within();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Update_ManyAtOnce_EachCallerGetsItsOwnResult_RefusedRowsUnchanged()
    {
        var a = await ReplicaAsync();
        var b = await ReplicaAsync();
        var mine = await CreateAsync(a, "mine", 300);
        var finished = mine.Take(40).ToList();
        foreach (var operation in finished)
        {
            Assert.True(await a.UpdateAsync(Done(operation), CancellationToken.None).Within());
        }

        var theirs = await CreateAsync(b, "theirs", 60);

        // All at once: the groups mix updates that must be refused with ones that must land.
        var updates = mine.Select(o => (Operation: o, Expected: !finished.Contains(o)))
            .Concat(theirs.Select(o => (Operation: o, Expected: false)))
            .ToList();
        var results = await Task.WhenAll(updates.Select(u => a.UpdateAsync(Done(u.Operation, RunState.Failed), CancellationToken.None))).Within();

        for (var i = 0; i < updates.Count; i++)
        {
            Assert.True(updates[i].Expected == results[i], $"{updates[i].Operation.Name}: expected {updates[i].Expected}, got {results[i]}");
            var stored = (await a.GetAsync(updates[i].Operation.Name, CancellationToken.None).Within())!;
            var state = stored.Done ? stored.Response.Unpack<CancelRunResponse>().FinalState : RunState.Unspecified;
            Assert.Equal(updates[i].Expected ? RunState.Failed : finished.Contains(updates[i].Operation) ? RunState.Cancelled : RunState.Unspecified, state);
        }
    }

    [Fact]
    public async Task Update_ManyAtOnce_OtherReplicasListenerHearsEveryChangedOperation_InNotificationsUnderTheLimit()
    {
        var a = await ReplicaAsync();
        var b = await ReplicaAsync();
        var payloads = new ConcurrentQueue<string>();
        await using var raw = new NpgsqlConnection(_connectionString);
        raw.Notification += (_, e) => payloads.Enqueue(e.Payload);
        await raw.OpenAsync().Within();
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresChangeListener.Channel};", raw))
        {
            await listen.ExecuteNonQueryAsync().Within();
        }

        using var stop = new CancellationTokenSource();
        var listener = new PostgresChangeListener(Options.Create(new PostgresStoreOptions { ConnectionString = _connectionString, WatchPollInterval = TimeSpan.FromMinutes(10) }), b, TimeProvider.System, NullLogger<PostgresChangeListener>.Instance);
        await listener.StartAsync(stop.Token).Within();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var operations = await CreateAsync(a, "heard", 1000);

        // A new operation's insert tells no one: nobody can follow it before its create commits.
        await raw.WaitAsync(TimeSpan.FromMilliseconds(200)).Within();
        Assert.Empty(payloads);
        Assert.False(listener.Changes.TryRead(out _));
        var heard = new HashSet<string>(StringComparer.Ordinal);

        var results = await Task.WhenAll(operations.Select(o => a.UpdateAsync(Done(o), CancellationToken.None))).Within();

        Assert.All(results, Assert.True);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (heard.Count < operations.Count)
        {
            var change = await listener.Changes.ReadAsync(deadline.Token);
            Assert.Equal(OperationChangeKind.Written, change.Kind);
            heard.Add(change.OperationName!);
        }

        Assert.Equal(operations.Select(o => o.Name).Order(StringComparer.Ordinal), heard.Order(StringComparer.Ordinal));
        await raw.WaitAsync(TimeSpan.FromMilliseconds(200)).Within();
        Assert.All(payloads, p => Assert.True(p.Length < 8000, $"payload of {p.Length} bytes"));
        Assert.True(payloads.Count < operations.Count, $"{payloads.Count} notifications for {operations.Count} updates: the group commit did not group");
        await stop.CancelAsync();
        await listener.StopAsync(CancellationToken.None).Within();
    }

    [Fact]
    public async Task Create_ManyAtOnce_SomeRunsTwice_OneCreatedPerRun_TheOthersJoinIt()
    {
        var a = await ReplicaAsync();
        var cancels = Enumerable.Range(0, 300).Select(i => NewCancel($"projects/p/locations/l/pipelineJobs/g{i % 200}")).ToList();

        var outcomes = await Task.WhenAll(cancels.Select(c => a.CreateCancelAsync(c, CancellationToken.None))).Within();

        foreach (var run in cancels.Select(c => c.Run).Distinct())
        {
            var ofRun = outcomes.Where(o => OperationSnapshots.CancelMetadata(o.Operation).Run == run).ToList();
            Assert.Single(ofRun, o => o.Kind == CreateKind.Created);
            Assert.All(ofRun, o => Assert.Equal(ofRun.Single(c => c.Kind == CreateKind.Created).Operation.Name, o.Operation.Name));
            Assert.Equal(ofRun.Single(c => c.Kind == CreateKind.Created).Operation.Name, await a.FindLatestForRunAsync(run, CancellationToken.None).Within());
        }
    }

    [Fact]
    public async Task Update_SameOperationTwiceInARow_LaterWins_AndDoneStaysDone()
    {
        var a = await ReplicaAsync();
        var operation = (await CreateAsync(a, "twice", 1))[0];

        var first = a.UpdateAsync(Done(operation, RunState.Cancelled), CancellationToken.None);
        var second = a.UpdateAsync(Done(operation, RunState.Failed), CancellationToken.None);

        Assert.True(await first.Within());
        Assert.False(await second.Within());
        var stored = (await a.GetAsync(operation.Name, CancellationToken.None).Within())!;
        Assert.Equal(RunState.Cancelled, stored.Response.Unpack<CancelRunResponse>().FinalState);
    }

    [Fact]
    public async Task Append_ManyAtOnce_AllListed_AndAFailedGroupFailsItsCallers_TheStoreWritesOn()
    {
        var a = await ReplicaAsync();
        var events = Enumerable.Range(0, 200).Select(i => Event($"alice{i}", $"projects/p/locations/l/pipelineJobs/a{i}")).ToList();

        await Task.WhenAll(events.Select(e => a.AppendAsync(e, CancellationToken.None))).Within();

        var listed = await a.ListAsync(new AuditQuery(null, null, null, null), 500, 0, CancellationToken.None).Within();
        Assert.Equal(events.Select(e => e.Principal).Order(StringComparer.Ordinal), listed.Events.Select(e => e.Principal).Order(StringComparer.Ordinal));

        // PostgreSQL refuses a NUL in text: the whole group is rolled back and its callers fail.
        await Assert.ThrowsAsync<StoreUnavailableException>(() => a.AppendAsync(Event("bad\0principal", "projects/p/locations/l/pipelineJobs/bad"), CancellationToken.None).Within());
        var operation = (await CreateAsync(a, "after", 1))[0];
        Assert.True(await a.UpdateAsync(Done(operation), CancellationToken.None).Within());
    }

    private static AuditEvent Event(string principal, string run) =>
        new() { Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddDays(1)), Principal = principal, Runs = { run } };

    private static async Task<List<Google.LongRunning.Operation>> CreateAsync(PostgresOperationStore store, string prefix, int count)
    {
        var created = new List<Google.LongRunning.Operation>(count);
        for (var i = 0; i < count; i++)
        {
            created.Add((await store.CreateCancelAsync(NewCancel($"projects/p/locations/l/pipelineJobs/{prefix}{i}"), CancellationToken.None).Within()).Operation);
        }

        return created;
    }

    private async Task<PostgresOperationStore> ReplicaAsync()
    {
        var store = new PostgresOperationStore(Options.Create(new PostgresStoreOptions { ConnectionString = _connectionString }), TimeProvider.System, NullLogger<PostgresOperationStore>.Instance);
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None).Within();
        await store.JoinAsync(TimeSpan.FromSeconds(30), CancellationToken.None).Within();
        return store;
    }
}
