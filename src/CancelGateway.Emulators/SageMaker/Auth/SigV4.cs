using System.Security.Cryptography;
using System.Text;

namespace CancelGateway.Emulators.SageMaker.Auth;

/// <summary>
/// AWS Signature Version 4, written here from AWS's public description of the algorithm (the
/// "Create a signed AWS API request" guide), independently of any AWS SDK, so the gateway's
/// signer (AWSSDK.Core) and botocore are checked against a third reading of the spec.
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Terminator = "aws4_request";

    /// <summary>
    /// The canonical request: method, canonical URI, canonical query, one "name:value" line per
    /// signed header, a blank line, the signed header names, and the payload's SHA-256 in hex.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="canonicalUri">From <see cref="CanonicalUri"/>.</param>
    /// <param name="canonicalQuery">From <see cref="CanonicalQuery"/>.</param>
    /// <param name="headers">The signed headers, lower-case names with their canonical values, sorted by name.</param>
    /// <param name="payloadHash">Hex SHA-256 of the body.</param>
    public static string CanonicalRequest(string method, string canonicalUri, string canonicalQuery, IReadOnlyList<(string Name, string Value)> headers, string payloadHash)
    {
        var text = new StringBuilder();
        text.Append(method).Append('\n').Append(canonicalUri).Append('\n').Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(':').Append(value).Append('\n');
        }

        text.Append('\n').Append(string.Join(';', headers.Select(h => h.Name))).Append('\n').Append(payloadHash);
        return text.ToString();
    }

    /// <summary>"AWS4-HMAC-SHA256", the request time, the credential scope and the canonical request's hash, one per line.</summary>
    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    /// <summary>The signing key: HMAC chain over "AWS4"+secret, the date, the region, the service and "aws4_request".</summary>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Terminator));
    }

    /// <summary>Hex HMAC-SHA256 of the string to sign with the signing key.</summary>
    public static string Signature(byte[] signingKey, string stringToSign) =>
        Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    public static string PayloadHash(ReadOnlySpan<byte> body) => Hex(SHA256.HashData(body));

    /// <summary>
    /// The canonical URI of a path as it was sent (already percent-encoded once): every service
    /// but S3 encodes it again, keeping the slashes; an empty path is "/".
    /// </summary>
    public static string CanonicalUri(string rawPath) => rawPath.Length == 0 ? "/" : UriEncode(rawPath, keepSlash: true);

    /// <summary>The canonical query: each name and value decoded, then URI-encoded, sorted by name then value.</summary>
    public static string CanonicalQuery(string rawQuery)
    {
        if (rawQuery.Length == 0)
        {
            return string.Empty;
        }

        var pairs = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2) is [var name, var value] ? (name, value) : (pair, string.Empty))
            .Select(p => (Name: UriEncode(Uri.UnescapeDataString(p.Item1), keepSlash: false), Value: UriEncode(Uri.UnescapeDataString(p.Item2), keepSlash: false)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>A header's canonical value: several values joined with commas, trimmed, inner runs of spaces collapsed.</summary>
    public static string CanonicalHeaderValue(IEnumerable<string?> values)
    {
        var joined = string.Join(',', values.Select(v => (v ?? string.Empty).Trim()));
        var text = new StringBuilder(joined.Length);
        foreach (var c in joined)
        {
            if (c == ' ' && text.Length > 0 && text[^1] == ' ')
            {
                continue;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>RFC 3986 encoding as SigV4 wants it: unreserved characters kept, every other UTF-8 byte as %XX (upper case).</summary>
    public static string UriEncode(string value, bool keepSlash)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
