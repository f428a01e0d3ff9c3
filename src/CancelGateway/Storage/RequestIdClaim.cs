namespace CancelGateway.Storage;

/// <summary>An AIP-155 request id and the fingerprint of the request it came with (to spot reuse for a different request).</summary>
/// <param name="RequestId">The caller's request id.</param>
/// <param name="Fingerprint">What the request asked for, in a stable form.</param>
internal sealed record RequestIdClaim(string RequestId, string Fingerprint);
