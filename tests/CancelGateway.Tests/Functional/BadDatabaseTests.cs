using CancelGateway.Operations;
using CancelGateway.Storage;
using CancelGateway.Storage.Sqlite;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.LongRunning;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// The real host on a database in a bad state: read-only, or with a corrupt row. Each test
/// prepares the database with the store itself, damages it, and starts a gateway on it beside
/// the fixture's emulator.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class BadDatabaseTests
{
    /// <summary>StoreLog.Failed: the store cannot be used.</summary>
    private const int StoreFailed = 4000;

    /// <summary>StoreLog.UnreadableRow: a corrupt row met by a listing.</summary>
    private const int StoreUnreadableRow = 4001;

    /// <summary>EngineLog.UnreadableNotResumed: a corrupt in-flight row met on start.</summary>
    private const int EngineUnreadableNotResumed = 3010;

    /// <summary>Microsoft.Extensions.Diagnostics.HealthChecks logs an Unhealthy check at Error (HealthCheckEnd).</summary>
    private const int HealthCheckEnd = 103;

    [Fact]
    public async Task Cancel_ReadOnlyDatabase_HealthNotServingAndCancelFailsStoreUnavailable()
    {
        await using var fixture = await GatewayFixture.StartAsync().Within();
        using var directory = new TempDirectory();
        var database = directory.File("operations.db");
        await PrepareAsync(database, (_, _) => Task.CompletedTask).Within();
        DatabaseDamage.MakeReadOnly(database);
        var run = fixture.AddRun();

        await using var gateway = await GatewayTestHost.StartAsync(fixture.Emulator, fixture.KeyFile, database, fixture.Logs).Within();
        var health = await gateway.Client.CheckHealthAsync().Within();
        var failure = await GatewayClient.FailureOf(() => gateway.Client.CancelAsync(run, Guid.NewGuid().ToString())).Within();
        var batchFailure = await GatewayClient.FailureOf(() => gateway.Client.BatchCancelAsync([run])).Within();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, health.Status);
        foreach (var refused in new[] { failure, batchFailure })
        {
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            var info = refused.GetDetail<ErrorInfo>();
            Assert.NotNull(info);
            Assert.Equal("STORE_UNAVAILABLE", info.Reason);
            Assert.Equal("cancelgateway.v1.PipelineControl", info.Domain);
        }

        // Nothing stored, so nothing sent: a cancellation nobody can follow must not happen.
        Assert.Equal(0, fixture.Emulator.CancelCalls(run));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await fixture.Client.CheckHealthAsync().Within()).Status);
        fixture.AssertNoUnexpectedErrors(StoreFailed, HealthCheckEnd);
    }

    [Fact]
    public async Task Start_OneCorruptInFlightRow_ResumesTheOthersAndFailsItDataLoss()
    {
        await using var fixture = await GatewayFixture.StartAsync().Within();
        using var directory = new TempDirectory();
        var database = directory.File("operations.db");
        var run = fixture.AddRun();
        var corruptRun = GatewayFixture.NewRunName("corrupt");
        string resumed = string.Empty, corrupt = string.Empty;
        await PrepareAsync(database, async (store, _) =>
        {
            resumed = (await store.CreateCancelAsync(NewCancel(run), CancellationToken.None)).Operation.Name;
            corrupt = (await store.CreateCancelAsync(NewCancel(corruptRun), CancellationToken.None)).Operation.Name;
        }).Within();
        DatabaseDamage.Corrupt(database, corrupt);

        await using var gateway = await GatewayTestHost.StartAsync(fixture.Emulator, fixture.KeyFile, database, fixture.Logs).Within();
        var done = await gateway.Client.WaitDoneAsync(resumed).Within();
        var failed = await gateway.Client.GetOperationAsync(corrupt).Within();

        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.True(failed.Done);
        Assert.Equal((int)StatusCode.DataLoss, failed.Error.Code);
        var info = failed.Error.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal("OPERATION_UNREADABLE", info.Reason);
        Assert.Equal(corrupt, info.Metadata["operation"]);

        // Marked done, the corrupt operation no longer holds its run: a new Cancel starts afresh.
        fixture.Emulator.AddRun(corruptRun).CancellingFor(TimeSpan.FromMilliseconds(100));
        var again = await gateway.Client.CancelAsync(corruptRun).Within();
        Assert.NotEqual(corrupt, again.Name);
        Assert.Equal(RunState.Cancelled, (await gateway.Client.WaitDoneAsync(again.Name).Within()).Response.Unpack<CancelRunResponse>().FinalState);
        Assert.Single(fixture.Logs.Errors, e => e.EventId.Id == EngineUnreadableNotResumed && e.Message.Contains(corrupt, StringComparison.Ordinal));
        fixture.AssertNoUnexpectedErrors(EngineUnreadableNotResumed);
    }

    [Fact]
    public async Task GetOperation_CorruptDoneRow_DataLossNamingItWhileListingSkipsIt()
    {
        await using var fixture = await GatewayFixture.StartAsync().Within();
        using var directory = new TempDirectory();
        var database = directory.File("operations.db");
        var names = new List<string>();
        await PrepareAsync(database, async (store, _) =>
        {
            for (var i = 0; i < 3; i++)
            {
                var created = await store.CreateCancelAsync(NewCancel(GatewayFixture.NewRunName("done")), CancellationToken.None);
                Assert.True(await store.UpdateAsync(Done(created.Operation), CancellationToken.None));
                names.Add(created.Operation.Name);
            }
        }).Within();
        DatabaseDamage.Corrupt(database, names[1]);

        await using var gateway = await GatewayTestHost.StartAsync(fixture.Emulator, fixture.KeyFile, database, fixture.Logs).Within();
        var viaPipelineControl = await GatewayClient.FailureOf(() => gateway.Client.GetOperationAsync(names[1])).Within();
        var viaOperations = await GatewayClient.FailureOf(() => gateway.Client.LroGetOperationAsync(names[1])).Within();
        var listed = await gateway.Client.ListOperationsAsync().Within();
        var listedAgain = await gateway.Client.ListOperationsAsync("done = true", pageSize: 1).Within();
        var secondPage = await gateway.Client.ListOperationsAsync("done = true", pageSize: 1, pageToken: listedAgain.NextPageToken).Within();

        foreach (var failure in new[] { viaPipelineControl, viaOperations })
        {
            Assert.Equal(StatusCode.DataLoss, failure.StatusCode);
            var info = failure.GetDetail<ErrorInfo>();
            Assert.NotNull(info);
            Assert.Equal("OPERATION_UNREADABLE", info.Reason);
            Assert.Equal(names[1], info.Metadata["operation"]);
        }

        Assert.Equal([names[0], names[2]], listed.Operations.Select(o => o.Name));
        Assert.Equal(string.Empty, listed.NextPageToken);
        Assert.Equal([names[0]], listedAgain.Operations.Select(o => o.Name));
        Assert.Equal([names[2]], secondPage.Operations.Select(o => o.Name));
        Assert.Single(fixture.Logs.Errors, e => e.EventId.Id == StoreUnreadableRow && e.Message.Contains(names[1], StringComparison.Ordinal));
        fixture.AssertNoUnexpectedErrors(StoreUnreadableRow);
    }

    /// <summary>Creates the database with the gateway's own store and lets <paramref name="fill"/> write to it; closed on return.</summary>
    private static async Task PrepareAsync(string database, Func<SqliteOperationStore, CancellationToken, Task> fill)
    {
        using (var store = new SqliteOperationStore(Options.Create(new SqliteStoreOptions { Path = database }), TimeProvider.System, NullLogger<SqliteOperationStore>.Instance))
        {
            await store.InitializeAsync(CancellationToken.None);
            await fill(store, CancellationToken.None);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static NewCancel NewCancel(string run)
    {
        var now = OperationSnapshots.Time(TimeProvider.System.GetUtcNow());
        return new(run, OperationSnapshots.Pending(OperationNames.New(), new CancelOperationMetadata { Run = run, Provider = Provider.VertexAi, Mode = CancelMode.Graceful, CreateTime = now, UpdateTime = now }));
    }

    private static Operation Done(Operation operation)
    {
        var metadata = OperationSnapshots.CancelMetadata(operation);
        metadata.State = RunState.Cancelled;
        return OperationSnapshots.Succeeded(operation, metadata, new CancelRunResponse { Run = metadata.Run, Provider = metadata.Provider, FinalState = RunState.Cancelled });
    }
}
