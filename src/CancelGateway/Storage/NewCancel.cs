using Google.LongRunning;

namespace CancelGateway.Storage;

/// <summary>A cancel operation to store, for one run.</summary>
/// <param name="Run">The run's name.</param>
/// <param name="Operation">The operation's first snapshot (not done).</param>
/// <param name="RequestId">The caller's request id and request fingerprint, when given.</param>
/// <param name="Parent">The batch operation that created it, if any.</param>
internal sealed record NewCancel(string Run, Operation Operation, RequestIdClaim? RequestId = null, string? Parent = null);
