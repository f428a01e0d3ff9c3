namespace CancelGateway.Storage;

/// <summary>What a restart resumes.</summary>
/// <param name="Readable">Every operation that is not done and could be read, oldest first.</param>
/// <param name="Unreadable">The names of those not done whose stored body is corrupt.</param>
internal sealed record UnfinishedOperations(IReadOnlyList<StoredOperation> Readable, IReadOnlyList<string> Unreadable);
