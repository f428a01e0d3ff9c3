using CancelGateway.V1;
using Google.LongRunning;

namespace CancelGateway.Security;

/// <summary>
/// What visibility is decided on: the runs an operation is about, and for a batch who asked.
/// Fixed for the life of the operation, so it is read from the metadata once and cached.
/// </summary>
/// <param name="Runs">The run of a cancel operation; every run of a batch.</param>
/// <param name="BatchRequester">For a batch, its requester; null for a run's cancel operation.</param>
internal sealed record OperationSubject(IReadOnlyList<string> Runs, string? BatchRequester)
{
    public static OperationSubject Of(Operation operation)
    {
        if (operation.Metadata?.TryUnpack<CancelOperationMetadata>(out var cancel) == true)
        {
            return new OperationSubject([cancel.Run], null);
        }

        if (operation.Metadata?.TryUnpack<BatchCancelOperationMetadata>(out var batch) == true)
        {
            return new OperationSubject([.. batch.Items.Select(item => item.Run)], batch.RequestedBy);
        }

        return new OperationSubject([], null);
    }
}
