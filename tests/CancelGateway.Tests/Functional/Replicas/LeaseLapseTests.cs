using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Npgsql;
using Xunit;

namespace CancelGateway.Tests.Functional.Replicas;

/// <summary>A replica whose lease runs out under it (here: its row is gone) stops, joins again and finishes what it held, stopping no run twice.</summary>
[Collection(FunctionalTests.Name)]
public sealed class LeaseLapseTests
{
    [Fact]
    public async Task Renewal_FindsTheLeaseGone_TheReplicaJoinsAgainAndFinishesEveryOperationOnce()
    {
        var server = await PostgresTestServer.SharedAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var connectionString = await server.CreateDatabaseAsync().Within();
        await using var fixture = await GatewayFixture.StartAsync(new Dictionary<string, string>
        {
            ["Storage:Postgres:ConnectionString"] = connectionString,
            ["Engine:LeaseTime"] = "00:00:02",
        });
        var runs = Enumerable.Range(0, 20).Select(_ => fixture.AddRun(b => b.CancellingFor(TimeSpan.FromSeconds(3)))).ToList();
        var operations = await Task.WhenAll(runs.Select(run => fixture.Client.CancelAsync(run))).Within();

        // As if the database had expired it: the next renewal finds no lease.
        await using (var data = NpgsqlDataSource.Create(connectionString))
        {
            await using var delete = data.CreateCommand("DELETE FROM replicas;");
            Assert.Equal(1, await delete.ExecuteNonQueryAsync().Within());
        }

        var done = await Task.WhenAll(operations.Select(o => fixture.Client.WaitDoneAsync(o.Name, TimeSpan.FromMinutes(1)))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(done, o => Assert.Equal(RunState.Cancelled, o.Response.Unpack<CancelRunResponse>().FinalState));
        Assert.All(runs, run => Assert.Equal(1, fixture.Emulator.AcceptedCancels(run)));
        Assert.Contains(fixture.Logs.Entries, e => e.EventId.Id == 3021);
        fixture.AssertNoUnexpectedErrors();
    }
}
