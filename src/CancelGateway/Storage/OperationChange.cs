namespace CancelGateway.Storage;

/// <summary>One entry of an <see cref="IOperationChanges"/> feed.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="OperationName">The operation another process wrote, for <see cref="OperationChangeKind.Written"/>; null otherwise.</param>
internal readonly record struct OperationChange(OperationChangeKind Kind, string? OperationName = null)
{
    /// <summary>Another process wrote (created, updated or deleted) this operation.</summary>
    public static OperationChange Written(string operationName) => new(OperationChangeKind.Written, operationName);
}
