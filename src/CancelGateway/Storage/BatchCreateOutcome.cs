using Google.LongRunning;

namespace CancelGateway.Storage;

/// <summary>What storing a batch led to.</summary>
/// <param name="Batch">The batch operation (new, or the one its request id already named).</param>
/// <param name="Kind">Created or Replayed.</param>
/// <param name="ChildNames">Each run's cancel operation, in request order (empty when replayed).</param>
/// <param name="Created">For each run, whether its operation was created by this batch (false: joined).</param>
/// <param name="ReplayedFingerprint">For a replay, the fingerprint the request id was first used with.</param>
internal sealed record BatchCreateOutcome(Operation Batch, CreateKind Kind, IReadOnlyList<string> ChildNames, IReadOnlyList<bool> Created, string? ReplayedFingerprint = null);
