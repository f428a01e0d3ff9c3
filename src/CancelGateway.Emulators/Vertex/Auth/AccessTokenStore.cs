using System.Collections.Concurrent;
using System.Security.Cryptography;
using CancelGateway.Emulators.Vertex.Http;

namespace CancelGateway.Emulators.Vertex.Auth;

/// <summary>
/// The access tokens the emulator issued and the bearer check every <c>/v1</c> call passes. A
/// token is an opaque random string (Google's start with <c>ya29.</c>) valid for the configured
/// lifetime by the emulator's clock.
/// </summary>
internal sealed class AccessTokenStore(TimeProvider time, TimeSpan lifetime)
{
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";
    public const string CloudPlatformReadOnlyScope = "https://www.googleapis.com/auth/cloud-platform.read-only";

    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);

    public TimeSpan Lifetime { get; } = lifetime;

    public (string Token, DateTimeOffset ExpiresAt) Issue(JwtBearerGrant grant)
    {
        var now = time.GetUtcNow();
        foreach (var (token, issued) in _tokens)
        {
            if (issued.ExpiresAt <= now)
            {
                _tokens.TryRemove(token, out _);
            }
        }

        var value = "ya29." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var expiresAt = now + Lifetime;
        _tokens[value] = new IssuedToken(grant.ClientEmail, grant.Scopes, expiresAt);
        return (value, expiresAt);
    }

    /// <summary>Forgets every token, as if they had all been revoked.</summary>
    public void RevokeAll() => _tokens.Clear();

    /// <summary>
    /// Checks <c>Authorization: Bearer</c>; throws UNAUTHENTICATED (401) or, for a token without a
    /// Cloud Platform scope, PERMISSION_DENIED (403), as Google's front end does.
    /// </summary>
    /// <param name="authorization">The Authorization header, if any.</param>
    /// <param name="readOnly">Whether the call only reads (then the read-only scope suffices).</param>
    /// <param name="method">The RPC's full name, for the error's metadata.</param>
    public void Authenticate(string? authorization, bool readOnly, string method)
    {
        const string Scheme = "Bearer ";
        if (string.IsNullOrEmpty(authorization))
        {
            throw VertexErrors.CredentialsMissing(method);
        }

        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || !_tokens.TryGetValue(authorization[Scheme.Length..].Trim(), out var token))
        {
            throw VertexErrors.InvalidToken(method);
        }

        if (token.ExpiresAt <= time.GetUtcNow())
        {
            throw VertexErrors.ExpiredToken(method);
        }

        if (!token.Scopes.Contains(CloudPlatformScope) && !(readOnly && token.Scopes.Contains(CloudPlatformReadOnlyScope)))
        {
            throw VertexErrors.InsufficientScopes(method);
        }
    }

    private sealed record IssuedToken(string ClientEmail, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt);
}
