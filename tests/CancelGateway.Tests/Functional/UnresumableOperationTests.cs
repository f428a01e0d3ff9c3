using CancelGateway.Operations;
using CancelGateway.Storage;
using CancelGateway.Storage.Sqlite;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.Rpc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// Unfinished operations a restart cannot resume — their provider is no longer configured, or
/// their stored run name no longer parses — are failed with a clear error and logged; they
/// neither stay pending forever nor stop the start.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class UnresumableOperationTests
{
    [Fact]
    public async Task Restart_WithUnresumableOperations_FailsThemAndStarts()
    {
        using var directory = new TempDirectory();
        var database = directory.File("operations.db");
        const string sageMakerRun = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/e1";
        const string garbledRun = "projects/p/locations/l/pipelineJobs/a b";
        string unconfigured, garbled, batch;
        using (var store = new SqliteOperationStore(Options.Create(new SqliteStoreOptions { Path = database }), TimeProvider.System, NullLogger<SqliteOperationStore>.Instance))
        {
            await store.InitializeAsync(CancellationToken.None).Within();
            var created = await store.CreateBatchAsync(
                [Pending(sageMakerRun, Provider.Sagemaker), Pending(garbledRun, Provider.VertexAi)],
                (names, _) =>
                {
                    var metadata = new BatchCancelOperationMetadata { Total = 2 };
                    metadata.Items.Add(new BatchCancelItem { Index = 0, Run = sageMakerRun, Operation = names[0] });
                    metadata.Items.Add(new BatchCancelItem { Index = 1, Run = garbledRun, Operation = names[1] });
                    return OperationSnapshots.Pending(OperationNames.New(), metadata);
                },
                null,
                CancellationToken.None).Within();
            (unconfigured, garbled, batch) = (created.ChildNames[0], created.ChildNames[1], created.Batch.Name);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var fixture = await GatewayFixture.StartAsync(new Dictionary<string, string> { ["Storage:Sqlite:Path"] = database });

        var first = await fixture.Client.WaitDoneAsync(unconfigured);
        var second = await fixture.Client.WaitDoneAsync(garbled);
        var whole = await fixture.Client.WaitDoneAsync(batch);

        Assert.Equal("PROVIDER_NOT_CONFIGURED", first.Error.Details.Single().Unpack<ErrorInfo>().Reason);
        Assert.Equal("RUN_NAME_NOT_RESUMABLE", second.Error.Details.Single().Unpack<ErrorInfo>().Reason);
        Assert.Equal(2, whole.Metadata.Unpack<BatchCancelOperationMetadata>().FailedRequests.Count);
        Assert.Equal(2, fixture.Logs.Entries.Count(e => e.EventId.Id == 3011));
        fixture.AssertNoUnexpectedErrors(3011);
    }

    private static NewCancel Pending(string run, Provider provider) =>
        new(run, OperationSnapshots.Pending(OperationNames.New(), new CancelOperationMetadata { Run = run, Provider = provider, Mode = CancelMode.Graceful, RequestedBy = "anonymous" }));
}
