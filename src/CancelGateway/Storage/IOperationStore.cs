using Google.LongRunning;

namespace CancelGateway.Storage;

/// <summary>
/// Where operations live. Every accepted request is written here before any provider is
/// called; a done operation is never written again (the store refuses).
/// </summary>
internal interface IOperationStore
{
    /// <summary>Creates or migrates the schema.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new cancel operation for the run, unless the run already has one
    /// in flight: then nothing is stored and that one is returned (the join). A request id, when
    /// given, is recorded for whichever operation is returned.
    /// </summary>
    Task<CreateOutcome> CreateCancelAsync(NewCancel cancel, CancellationToken cancellationToken);

    /// <summary>
    /// Stores, in one transaction, a cancel operation for every run that has none in flight
    /// (runs that have one join it) and the batch operation that <paramref name="buildBatch"/>
    /// makes from each run's operation name and whether it was created here.
    /// </summary>
    Task<BatchCreateOutcome> CreateBatchAsync(IReadOnlyList<NewCancel> children, Func<IReadOnlyList<string>, IReadOnlyList<bool>, Operation> buildBatch, RequestIdClaim? requestId, CancellationToken cancellationToken);

    /// <summary>The operation a request id was first used for, if any, by its <see cref="RequestIdClaim.Key"/>.</summary>
    Task<RequestIdRecord?> FindRequestIdAsync(string requestIdKey, CancellationToken cancellationToken);

    /// <summary>An operation by name, or null. Throws <see cref="UnreadableOperationException"/> when its stored body is corrupt.</summary>
    Task<Operation?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>The name of the run's most recent cancel operation (in flight or done), or null.</summary>
    Task<string?> FindLatestForRunAsync(string run, CancellationToken cancellationToken);

    /// <summary>Saves a newer snapshot of an operation. Returns false when the stored one is already done (it never changes again).</summary>
    Task<bool> UpdateAsync(Operation operation, CancellationToken cancellationToken);

    /// <summary>Every operation that is not done, oldest first: what a restart resumes (corrupt ones by name only).</summary>
    Task<UnfinishedOperations> ListUnfinishedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A page of operations, oldest first, matching <paramref name="filter"/>: at most
    /// <paramref name="pageSize"/> operations, and none read after <paramref name="maxBytes"/> of stored
    /// bodies (at least one). Corrupt rows are read, left out and logged once (the page is then short).
    /// </summary>
    Task<OperationPage> ListAsync(OperationFilter filter, int pageSize, long afterSequence, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Deletes a done operation. Returns false when there is none; throws when it is not done.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Whether the store can be written (for health): a read-only store is not healthy.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
