namespace CancelGateway.Providers.CodeArts.Internal;

/// <summary>The token object of IAM's answer.</summary>
internal sealed class IamTokenBodyJson
{
    /// <summary>ISO 8601, e.g. 2026-06-02T12:00:00.000000Z.</summary>
    public string? ExpiresAt { get; set; }
}
