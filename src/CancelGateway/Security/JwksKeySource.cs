using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace CancelGateway.Security;

/// <summary>
/// The issuer's public keys from a JWKS file, re-read when it changes (a bad edit keeps the
/// previous keys, and tokens already validated are validated again after a change). Only asymmetric keys (RSA, EC) are taken: a symmetric key in the file
/// would let anyone who can read it mint tokens.
/// </summary>
internal sealed class JwksKeySource
{
    private readonly WatchedFile _file;
    private readonly ILogger _logger;
    private IReadOnlyList<SecurityKey> _keys;

    public JwksKeySource(string path, ILogger<JwksKeySource> logger)
    {
        _logger = logger;
        _file = new WatchedFile(path);
        try
        {
            _keys = Parse(_file.ReadNow());
        }
        catch (Exception bad) when (bad is IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            throw new InvalidOperationException($"Security:Jwt:JwksFile '{path}' cannot be used: {bad.Message}", bad);
        }

        SecurityLog.JwksLoaded(_logger, path, _keys.Count);
    }

    /// <summary>Raised after the keys changed, so that tokens validated with the old keys are validated again.</summary>
    public event Action? Changed;

    /// <summary>The keys a token with key id <paramref name="kid"/> may be signed with (none when the id is unknown).</summary>
    public IEnumerable<SecurityKey> Resolve(string? kid)
    {
        var keys = Volatile.Read(ref _keys);
        return string.IsNullOrEmpty(kid) ? keys : keys.Where(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal));
    }

    /// <summary>Reads the file again if it changed (called by <see cref="SecurityRefresher"/>); a bad file changes nothing.</summary>
    public void Refresh()
    {
        try
        {
            if (_file.ReadIfChanged() is not { } content)
            {
                return;
            }

            Volatile.Write(ref _keys, Parse(content));
            SecurityLog.JwksLoaded(_logger, _file.Path, _keys.Count);
            Changed?.Invoke();
        }
        catch (Exception bad) when (bad is IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            SecurityLog.JwksReloadFailed(_logger, _file.Path, bad.Message);
        }
    }

    private static List<SecurityKey> Parse(byte[] content)
    {
        var set = new JsonWebKeySet(Encoding.UTF8.GetString(content));
        var keys = set.Keys
            .Where(k => k.Kty is JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve)
            .Where(k => k.Use is null or "" or "sig")
            .Cast<SecurityKey>()
            .ToList();
        if (keys.Count == 0)
        {
            throw new FormatException("the file holds no RSA or EC signing key");
        }

        return keys;
    }
}
