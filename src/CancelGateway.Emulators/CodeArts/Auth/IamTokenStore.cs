using System.Collections.Concurrent;
using System.Security.Cryptography;
using CancelGateway.Emulators.CodeArts.Http;

namespace CancelGateway.Emulators.CodeArts.Auth;

/// <summary>
/// The IAM tokens the emulator issued and the <c>X-Auth-Token</c> check of every <c>/v5</c> call. A
/// token is an opaque random string (real ones are long PKI tokens starting with <c>MII</c>), valid
/// for the configured lifetime (24 h, as IAM's) by the emulator's clock.
/// </summary>
internal sealed class IamTokenStore(TimeProvider time, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, IssuedIamToken> _tokens = new(StringComparer.Ordinal);

    public TimeSpan Lifetime { get; } = lifetime;

    public (string Token, IssuedIamToken Issued) Issue(string userName, string projectName)
    {
        var now = time.GetUtcNow();
        foreach (var (token, issued) in _tokens)
        {
            if (issued.ExpiresAt <= now)
            {
                _tokens.TryRemove(token, out _);
            }
        }

        var value = "MIIT" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(240)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var record = new IssuedIamToken(userName, projectName, now, now + Lifetime);
        _tokens[value] = record;
        return (value, record);
    }

    /// <summary>Forgets every token, as IAM does when the user's password or permissions change.</summary>
    public void RevokeAll() => _tokens.Clear();

    /// <summary>Checks an <c>X-Auth-Token</c>; throws APIG.0301 for an unknown token, APIG.0307 for an expired one.</summary>
    public IssuedIamToken Authenticate(string token)
    {
        if (!_tokens.TryGetValue(token.Trim(), out var issued))
        {
            throw CodeArtsErrors.Unauthenticated("the token is invalid or has been revoked");
        }

        return issued.ExpiresAt <= time.GetUtcNow() ? throw CodeArtsErrors.TokenExpired() : issued;
    }
}
