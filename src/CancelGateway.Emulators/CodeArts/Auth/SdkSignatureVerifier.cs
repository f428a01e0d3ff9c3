using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CancelGateway.Emulators.CodeArts.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CancelGateway.Emulators.CodeArts.Auth;

/// <summary>
/// Checks an AK/SK-signed request the way Huawei Cloud's API Gateway does (the public
/// SDK-HMAC-SHA256 algorithm): it rebuilds the canonical request from what arrived, signs it with
/// the secret key of the named access key, and compares in constant time. Written independently
/// of the gateway's signer, so each checks the other.
/// </summary>
internal sealed class SdkSignatureVerifier(CodeArtsEmulatorOptions options, TimeProvider time)
{
    public const string Algorithm = "SDK-HMAC-SHA256";
    public const string DateHeader = "X-Sdk-Date";
    public const string ContentSha256Header = "X-Sdk-Content-Sha256";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string SecurityTokenHeader = "X-Security-Token";

    private readonly byte[] _secretKey = Encoding.UTF8.GetBytes(options.SecretKey);
    private readonly byte[] _temporarySecretKey = Encoding.UTF8.GetBytes(options.TemporarySecretKey);
    private readonly byte[] _securityToken = Encoding.UTF8.GetBytes(options.SecurityToken);

    /// <summary>Whether the request claims AK/SK signing (rather than a token).</summary>
    public static bool IsSigned(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(Algorithm + " ", StringComparison.Ordinal);

    /// <summary>
    /// Throws APIG.0301 for a wrong or malformed signature, an unknown key, or a date too far from
    /// the server's clock: APIG.0303 ("signature expired") is App authentication's code, and an IAM
    /// AK/SK request with a stale date is refused as an incorrect signature, with the server's
    /// time in the response's Date header.
    /// </summary>
    public void Verify(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var (accessKey, signedHeaders, signature) = ParseAuthorization(request.Headers.Authorization.ToString());
        if (!signedHeaders.Contains("x-sdk-date") || !signedHeaders.Contains("host"))
        {
            throw CodeArtsErrors.Unauthenticated("verify aksk signature fail, SignedHeaders must include host and x-sdk-date");
        }

        if (!DateTimeOffset.TryParseExact(request.Headers[DateHeader].ToString(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            throw CodeArtsErrors.Unauthenticated("verify aksk signature fail, X-Sdk-Date is missing or not in the yyyyMMddTHHmmssZ format");
        }

        var skew = (time.GetUtcNow() - signedAt).Duration();
        if (skew > options.MaxClockSkew)
        {
            throw CodeArtsErrors.Unauthenticated("verify aksk signature fail");
        }

        byte[] secretKey;
        if (accessKey == options.AccessKey)
        {
            secretKey = _secretKey;
        }
        else if (accessKey == options.TemporaryAccessKey)
        {
            // A temporary key is only good with its security token, and the token must be signed
            // (else anyone who saw one request could swap it). Never quoted back: it is a credential.
            var token = Encoding.UTF8.GetBytes(request.Headers[SecurityTokenHeader].ToString());
            if (!signedHeaders.Contains("x-security-token") || !CryptographicOperations.FixedTimeEquals(token, _securityToken))
            {
                throw CodeArtsErrors.Unauthenticated("verify security token fail, a temporary access key needs its security token in a signed X-Security-Token header");
            }

            secretKey = _temporarySecretKey;
        }
        else
        {
            throw CodeArtsErrors.Unauthenticated("verify aksk signature fail, the access key does not exist");
        }

        var canonicalRequest = CanonicalRequest(request, signedHeaders, body);
        var stringToSign = $"{Algorithm}\n{request.Headers[DateHeader]}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var expected = Encoding.ASCII.GetBytes(Hex(HMACSHA256.HashData(secretKey, Encoding.UTF8.GetBytes(stringToSign))));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            // Like API Gateway, say what was signed (no secret in it) so a client can find its mistake.
            throw CodeArtsErrors.Unauthenticated($"verify aksk signature fail, SignedHeaders: {string.Join(';', signedHeaders)}, StringToSign: {stringToSign.Replace('\n', ' ')}");
        }
    }

    private static (string AccessKey, List<string> SignedHeaders, string Signature) ParseAuthorization(string header)
    {
        var fields = header[(Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("Access", out var access) || !fields.TryGetValue("SignedHeaders", out var signed) || !fields.TryGetValue("Signature", out var signature)
            || access.Length == 0 || signed.Length == 0 || signature.Length == 0)
        {
            throw CodeArtsErrors.Unauthenticated("verify aksk signature fail, the Authorization header needs Access, SignedHeaders and Signature");
        }

        return (access, [.. signed.Split(';')], signature);
    }

    private static string CanonicalRequest(HttpRequest request, List<string> signedHeaders, ReadOnlySpan<byte> body)
    {
        // The path and query as they were sent, not as the server decoded them.
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? string.Empty : target[(question + 1)..];

        var canonicalUri = string.Join('/', path.Split('/').Select(segment => Encode(Uri.UnescapeDataString(segment))));
        if (!canonicalUri.EndsWith('/'))
        {
            canonicalUri += "/";
        }

        var canonicalQuery = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Name: Encode(Uri.UnescapeDataString(pair[0])), Value: pair.Length > 1 ? Encode(Uri.UnescapeDataString(pair[1])) : string.Empty))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));

        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            canonicalHeaders.Append(name).Append(':').Append(string.Join(',', request.Headers[name].Select(v => v?.Trim()))).Append('\n');
        }

        var payloadHash = request.Headers[ContentSha256Header].ToString() == UnsignedPayload ? UnsignedPayload : Hex(SHA256.HashData(body));
        return $"{request.Method}\n{canonicalUri}\n{canonicalQuery}\n{canonicalHeaders}\n{string.Join(';', signedHeaders)}\n{payloadHash}";
    }

    // RFC 3986: unreserved characters stay, every other UTF-8 byte becomes %XY (upper-case hex).
    private static string Encode(string value)
    {
        var result = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                result.Append(c);
            }
            else
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
