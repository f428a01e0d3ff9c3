using CancelGateway.Storage;
using CancelGateway.Storage.Postgres;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CancelGateway.Tests.Storage;

/// <summary>The store contract on PostgreSQL (a real server started for the test run, a database per test).</summary>
public sealed class PostgresStoreContractTests : OperationStoreContractTests
{
    private static readonly TimeSpan ServerStartTimeout = TimeSpan.FromMinutes(2);
    private readonly List<PostgresOperationStore> _stores = [];
    private string? _connectionString;

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    private protected override async Task<IOperationStore> OpenAsync()
    {
        _connectionString ??= await (await PostgresTestServer.SharedAsync().WaitAsync(ServerStartTimeout)).CreateDatabaseAsync().Within();
        var store = new PostgresOperationStore(Options.Create(new PostgresStoreOptions { ConnectionString = _connectionString }), TimeProvider.System, NullLogger<PostgresOperationStore>.Instance);
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None).Within();
        return store;
    }
}
