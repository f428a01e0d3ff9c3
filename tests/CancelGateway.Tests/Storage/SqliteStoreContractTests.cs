using CancelGateway.Storage;
using CancelGateway.Storage.Sqlite;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CancelGateway.Tests.Storage;

/// <summary>The store contract on SQLite (a real file per test).</summary>
public sealed class SqliteStoreContractTests : OperationStoreContractTests
{
    private readonly TempDirectory _directory = new();
    private readonly List<SqliteOperationStore> _stores = [];

    public override Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    private protected override async Task<IOperationStore> OpenAsync()
    {
        var store = new SqliteOperationStore(Options.Create(new SqliteStoreOptions { Path = _directory.File("ops.db") }), TimeProvider.System, NullLogger<SqliteOperationStore>.Instance);
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None).Within();
        return store;
    }
}
