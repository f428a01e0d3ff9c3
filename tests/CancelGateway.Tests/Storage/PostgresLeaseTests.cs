using CancelGateway.Storage.Postgres;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;
using static CancelGateway.Tests.Storage.StoreTestOperations;

namespace CancelGateway.Tests.Storage;

/// <summary>Leases between replicas on one PostgreSQL database: what only a shared store can show (several stores, one database).</summary>
public sealed class PostgresLeaseTests : IAsyncLifetime
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
    public async Task Claim_LiveReplicasOperations_TakesNone_OnceItsLeaseExpires_TakesThemAndTheOldOwnerCannotWrite()
    {
        // A's lease must outlast its creates and B's first claim even on a loaded machine (1 s
        // did not, in 3 of 9 runs beside other benchmarks), and then run out.
        var a = await ReplicaAsync(TimeSpan.FromSeconds(3));
        var b = await ReplicaAsync(TimeSpan.FromSeconds(30));
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await a.CreateCancelAsync(NewCancel($"projects/p/locations/l/pipelineJobs/x{i}"), CancellationToken.None).Within()).Operation.Name);
        }

        Assert.Empty((await b.ClaimAsync(100, CancellationToken.None).Within()).Readable);
        Assert.Equal(2, (await b.RenewAsync(CancellationToken.None).Within())!.LiveReplicas);

        await Task.Delay(TimeSpan.FromMilliseconds(3_500));
        var taken = await b.ClaimAsync(100, CancellationToken.None).Within();

        Assert.Equal(created, taken.Readable.Select(o => o.Operation.Name));
        Assert.Null(await a.RenewAsync(CancellationToken.None).Within());
        Assert.False(await a.UpdateAsync(Done(taken.Readable[0].Operation), CancellationToken.None).Within());
        Assert.True(await b.UpdateAsync(Done(taken.Readable[0].Operation), CancellationToken.None).Within());
        Assert.Equal(1, (await b.RenewAsync(CancellationToken.None).Within())!.LiveReplicas);
    }

    [Fact]
    public async Task Claim_ThreeReplicasAtOnce_EachOperationGoesToExactlyOne()
    {
        var creator = await ReplicaAsync(TimeSpan.FromSeconds(30));
        var created = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            created.Add((await creator.CreateCancelAsync(NewCancel($"projects/p/locations/l/pipelineJobs/y{i}"), CancellationToken.None).Within()).Operation.Name);
        }

        await creator.LeaveAsync(CancellationToken.None).Within();
        var replicas = new[] { await ReplicaAsync(TimeSpan.FromSeconds(30)), await ReplicaAsync(TimeSpan.FromSeconds(30)), await ReplicaAsync(TimeSpan.FromSeconds(30)) };

        var claims = await Task.WhenAll(replicas.Select(replica => Task.Run(async () =>
        {
            var mine = new List<string>();
            for (var round = 0; round < 60; round++)
            {
                var batch = await replica.ClaimAsync(7, CancellationToken.None);
                mine.AddRange(batch.Readable.Select(o => o.Operation.Name));
                if (batch.Readable.Count == 0)
                {
                    break;
                }
            }

            return mine;
        }))).Within();

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(created.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        for (var i = 0; i < replicas.Length; i++)
        {
            // Each replica writes what it claimed, and only that.
            var own = claims[i].FirstOrDefault();
            if (own is not null)
            {
                var operation = (await replicas[i].GetAsync(own, CancellationToken.None).Within())!;
                Assert.True(await replicas[i].UpdateAsync(Done(operation), CancellationToken.None).Within());
            }
        }
    }

    [Fact]
    public async Task Leave_ReleasesAtOnce_AndTheLeaverIsNoLongerCounted()
    {
        var a = await ReplicaAsync(TimeSpan.FromSeconds(30));
        var b = await ReplicaAsync(TimeSpan.FromSeconds(30));
        var name = (await a.CreateCancelAsync(NewCancel("projects/p/locations/l/pipelineJobs/z"), CancellationToken.None).Within()).Operation.Name;

        await a.LeaveAsync(CancellationToken.None).Within();

        Assert.Equal([name], (await b.ClaimAsync(10, CancellationToken.None).Within()).Readable.Select(o => o.Operation.Name));
        Assert.Equal(1, (await b.RenewAsync(CancellationToken.None).Within())!.LiveReplicas);
    }

    private async Task<PostgresOperationStore> ReplicaAsync(TimeSpan leaseTime)
    {
        var store = new PostgresOperationStore(Options.Create(new PostgresStoreOptions { ConnectionString = _connectionString }), TimeProvider.System, NullLogger<PostgresOperationStore>.Instance);
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None).Within();
        await store.JoinAsync(leaseTime, CancellationToken.None).Within();
        return store;
    }
}
