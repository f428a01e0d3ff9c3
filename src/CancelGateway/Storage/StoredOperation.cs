using Google.LongRunning;

namespace CancelGateway.Storage;

/// <summary>An operation with what the store knows beside it.</summary>
/// <param name="Operation">The latest snapshot.</param>
/// <param name="Kind">Cancel or batch.</param>
/// <param name="Run">The run, for a cancel operation.</param>
internal sealed record StoredOperation(Operation Operation, OperationKind Kind, string? Run);
