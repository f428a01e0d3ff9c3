using CancelGateway.Operations;
using CancelGateway.Storage;
using CancelGateway.V1;
using Google.LongRunning;

namespace CancelGateway.Tests.Storage;

/// <summary>The operations the store tests write: a pending cancel of a run, and the same operation done.</summary>
internal static class StoreTestOperations
{
    public static NewCancel NewCancel(string run, RequestIdClaim? claim = null) =>
        new(run, OperationSnapshots.Pending(OperationNames.New(), new CancelOperationMetadata { Run = run, Provider = Provider.VertexAi, Mode = CancelMode.Graceful }), claim);

    public static Operation Done(Operation operation, RunState finalState = RunState.Cancelled)
    {
        var metadata = OperationSnapshots.CancelMetadata(operation);
        metadata.State = finalState;
        return OperationSnapshots.Succeeded(operation, metadata, new CancelRunResponse { Run = metadata.Run, Provider = metadata.Provider, FinalState = finalState });
    }
}
