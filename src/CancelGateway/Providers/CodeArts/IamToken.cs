namespace CancelGateway.Providers.CodeArts;

/// <summary>An IAM token and when it stops working. The value is a credential: never log it.</summary>
/// <param name="Value">The token (IAM's X-Subject-Token), sent as X-Auth-Token.</param>
/// <param name="ExpiresAt">When IAM says it expires (token.expires_at).</param>
internal sealed record IamToken(string Value, DateTimeOffset ExpiresAt)
{
    /// <inheritdoc />
    public override string ToString() => $"IAM token expiring at {ExpiresAt:O}";
}
