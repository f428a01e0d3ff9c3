using CancelGateway.V1;
using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;

namespace CancelGateway.Operations;

/// <summary>Building and reading the Operation snapshots the engine stores and serves.</summary>
internal static class OperationSnapshots
{
    public static Operation Pending(string name, Google.Protobuf.IMessage metadata) =>
        new() { Name = name, Metadata = Any.Pack(metadata) };

    public static CancelOperationMetadata CancelMetadata(Operation operation) =>
        operation.Metadata.Unpack<CancelOperationMetadata>();

    public static BatchCancelOperationMetadata BatchMetadata(Operation operation) =>
        operation.Metadata.Unpack<BatchCancelOperationMetadata>();

    public static bool IsBatch(Operation operation) => operation.Metadata.Is(BatchCancelOperationMetadata.Descriptor);

    /// <summary>
    /// The operation as a listing shows it: a batch without its per-run detail (metadata items
    /// and failed_requests, a selection's out-of-scope runs, response results, failed_requests and
    /// a dry run's matches), which for a thousand runs
    /// is most of its size; GetOperation on the batch's name gives it whole.
    /// </summary>
    public static Operation ForListing(Operation operation)
    {
        if (!IsBatch(operation))
        {
            return operation;
        }

        var metadata = BatchMetadata(operation);
        metadata.Items.Clear();
        metadata.FailedRequests.Clear();
        metadata.Selection?.OutOfScope.Clear();
        var listed = With(operation, metadata);
        if (listed.Response is { } response && response.Is(BatchCancelResponse.Descriptor))
        {
            var summary = response.Unpack<BatchCancelResponse>();
            summary.Results.Clear();
            summary.FailedRequests.Clear();
            summary.Matches.Clear();
            listed.Response = Any.Pack(summary);
        }

        return listed;
    }

    public static Operation With(Operation operation, Google.Protobuf.IMessage metadata)
    {
        var next = operation.Clone();
        next.Metadata = Any.Pack(metadata);
        return next;
    }

    public static Operation Succeeded(Operation operation, Google.Protobuf.IMessage metadata, Google.Protobuf.IMessage response)
    {
        var next = With(operation, metadata);
        next.Done = true;
        next.Response = Any.Pack(response);
        return next;
    }

    public static Operation Failed(Operation operation, Google.Protobuf.IMessage metadata, Google.Rpc.Status error)
    {
        var next = With(operation, metadata);
        next.Done = true;
        next.Error = error;
        return next;
    }

    public static Timestamp Time(DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);
}
