using Google.LongRunning;

namespace CancelGateway.Storage;

/// <summary>One page of a listing.</summary>
/// <param name="Operations">The operations, oldest first.</param>
/// <param name="LastSequence">The position of the last one, to continue after; null when there are no more.</param>
internal sealed record OperationPage(IReadOnlyList<Operation> Operations, long? LastSequence);
