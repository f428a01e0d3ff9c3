namespace CancelGateway.Storage;

/// <summary>One page of a listing.</summary>
/// <param name="Operations">The operations, oldest first (unreadable rows left out).</param>
/// <param name="LastSequence">The position of the last row read, to continue after; null when there are no more.</param>
internal sealed record OperationPage(IReadOnlyList<ListedOperation> Operations, long? LastSequence);
