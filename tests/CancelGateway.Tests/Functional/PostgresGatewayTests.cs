using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>The gateway on PostgreSQL (Storage:Postgres:ConnectionString) through the real host: cancel, follow, list, and resume after a restart.</summary>
[Collection(FunctionalTests.Name)]
public sealed class PostgresGatewayTests
{
    [Fact]
    public async Task Cancel_OnPostgres_IsStoredFollowedAndListed()
    {
        var server = await PostgresTestServer.SharedAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var connectionString = await server.CreateDatabaseAsync().Within();
        await using var fixture = await GatewayFixture.StartAsync(new Dictionary<string, string> { ["Storage:Postgres:ConnectionString"] = connectionString });
        var run = fixture.AddRun();
        var requestId = Guid.NewGuid().ToString();

        var operation = await fixture.Client.CancelAsync(run, requestId);
        var done = await fixture.Client.WaitDoneAsync(operation.Name);
        var replay = await fixture.Client.CancelAsync(run, requestId);
        var listed = await fixture.Client.ListOperationsAsync($"run = \"{run}\"");

        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.Equal(operation.Name, replay.Name);
        Assert.Equal(operation.Name, Assert.Single(listed.Operations).Name);
        Assert.Equal(1, fixture.Emulator.AcceptedCancels(run));
        Assert.False(File.Exists(fixture.Gateway.DatabasePath), "The SQLite file was created although PostgreSQL was configured.");
        fixture.AssertNoUnexpectedErrors();
    }
}
