using Google.LongRunning;

namespace CancelGateway.Storage;

/// <summary>One operation of a listing, with its position to continue after.</summary>
/// <param name="Sequence">Its position in the store.</param>
/// <param name="Operation">The stored snapshot.</param>
internal sealed record ListedOperation(long Sequence, Operation Operation);
