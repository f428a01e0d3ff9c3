namespace CancelGateway.Storage;

/// <summary>An AIP-155 request id and the fingerprint of the request it came with (to spot reuse for a different request).</summary>
/// <param name="RequestId">The caller's request id.</param>
/// <param name="Fingerprint">What the request asked for, in a stable form.</param>
/// <param name="Scope">
/// Whose request id it is (the principal): request ids are per principal, so one caller's id
/// never finds, or reveals, another caller's operation. Null for anonymous callers.
/// </param>
internal sealed record RequestIdClaim(string RequestId, string Fingerprint, string? Scope = null)
{
    /// <summary>What the store keys the claim by. Anonymous ids are stored as given (as before principals existed).</summary>
    public string Key => Scope is null ? RequestId : $"{Scope}\u001f{RequestId}";
}
