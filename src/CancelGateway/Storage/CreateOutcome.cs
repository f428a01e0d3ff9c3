using Google.LongRunning;

namespace CancelGateway.Storage;

/// <summary>What storing a cancel led to.</summary>
/// <param name="Operation">The stored operation: the new one, or the one in flight that was joined, or the one the request id already named.</param>
/// <param name="Kind">Which of those it is.</param>
/// <param name="ReplayedFingerprint">For a replay, the fingerprint the request id was first used with.</param>
internal sealed record CreateOutcome(Operation Operation, CreateKind Kind, string? ReplayedFingerprint = null);
