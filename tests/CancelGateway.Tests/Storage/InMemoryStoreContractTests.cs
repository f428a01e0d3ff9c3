using CancelGateway.Storage;
using CancelGateway.Storage.InMemory;
using CancelGateway.Tests.Support;

namespace CancelGateway.Tests.Storage;

/// <summary>The store contract on the in-memory store the engine's unit tests use; a second start is the same store again (memory is its database).</summary>
public sealed class InMemoryStoreContractTests : OperationStoreContractTests
{
    private readonly InMemoryOperationStore _store = new();

    private protected override async Task<IOperationStore> OpenAsync()
    {
        await _store.InitializeAsync(CancellationToken.None).Within();
        return _store;
    }
}
