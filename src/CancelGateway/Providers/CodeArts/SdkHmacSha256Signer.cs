using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// Huawei Cloud's AK/SK request signing, SDK-HMAC-SHA256, written here from the public algorithm
/// (API Gateway's signing guide; no Huawei .NET package is available):
/// <code>
/// CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
/// StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
/// Signature        = hex(HMAC-SHA256(SK, StringToSign))
/// Authorization: SDK-HMAC-SHA256 Access={AK}, SignedHeaders={h1;h2}, Signature={sig}
/// </code>
/// The canonical URI has each segment URI-encoded and always ends in "/" (the request's own path
/// need not); the query's names and values are encoded and sorted; headers are lower-cased,
/// trimmed and sorted, each "name:value\n". Encoding is RFC 3986's: A-Z a-z 0-9 - _ . ~ stay,
/// every other UTF-8 byte becomes %XY in upper case.
/// </summary>
internal static class SdkHmacSha256Signer
{
    public const string Algorithm = "SDK-HMAC-SHA256";
    public const string DateHeader = "X-Sdk-Date";

    /// <summary>X-Sdk-Date's format: basic ISO 8601 in UTC, e.g. 20250601T120000Z.</summary>
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>
    /// Signs <paramref name="request"/> as it will be sent: sets its Host and X-Sdk-Date, signs every
    /// header it carries (Content-Type aside, as Huawei's SDKs do: proxies may rewrite it) and sets
    /// Authorization. Headers added later (by HttpClient) are sent unsigned, which API Gateway accepts.
    /// </summary>
    /// <param name="request">An absolute-URI request; its body is <paramref name="body"/>.</param>
    /// <param name="body">The exact bytes of the request body (empty for none).</param>
    /// <param name="accessKey">The access key ID.</param>
    /// <param name="secretKey">The secret access key.</param>
    /// <param name="now">The signing time (from the injected clock).</param>
    public static SdkSignature Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, string accessKey, string secretKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute ? absolute : throw new ArgumentException("The request needs an absolute URI.", nameof(request));

        // Set explicitly so the value signed is the value sent (HttpClient would derive the same).
        request.Headers.Host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        request.Headers.Remove(DateHeader);
        request.Headers.TryAddWithoutValidation(DateHeader, now.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture));
        request.Headers.Authorization = null;

        var headers = request.Headers
            .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(',', h.Value)))
            .ToList();
        var signature = Compute(request.Method.Method, uri, headers, body, accessKey, secretKey);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return signature;
    }

    /// <summary>The whole signature of a request described by its parts (the testable core of <see cref="Sign"/>).</summary>
    /// <param name="method">The HTTP method, e.g. GET.</param>
    /// <param name="uri">The absolute URI (its path and query are signed).</param>
    /// <param name="headers">The headers to sign, X-Sdk-Date and Host among them; Content-Type and Authorization are skipped.</param>
    /// <param name="body">The request body.</param>
    /// <param name="accessKey">The access key ID.</param>
    /// <param name="secretKey">The secret access key.</param>
    public static SdkSignature Compute(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body, string accessKey, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentException.ThrowIfNullOrEmpty(secretKey);

        var signed = headers
            .Select(h => (Name: h.Key.Trim().ToLowerInvariant(), Value: h.Value.Trim()))
            .Where(h => h.Name is not ("content-type" or "authorization"))
            .GroupBy(h => h.Name, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(',', g.Select(h => h.Value))))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var date = signed.FirstOrDefault(h => h.Name == "x-sdk-date").Value
            ?? throw new ArgumentException("The headers to sign must include X-Sdk-Date.", nameof(headers));

        var canonicalHeaders = new StringBuilder();
        foreach (var (name, value) in signed)
        {
            canonicalHeaders.Append(name).Append(':').Append(value).Append('\n');
        }

        var signedHeaders = string.Join(';', signed.Select(h => h.Name));
        var canonicalRequest = string.Join(
            '\n',
            method.ToUpperInvariant(),
            CanonicalUri(uri.AbsolutePath),
            CanonicalQuery(uri.Query),
            canonicalHeaders.ToString(),
            signedHeaders,
            Convert.ToHexStringLower(SHA256.HashData(body)));
        var stringToSign = $"{Algorithm}\n{date}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
        return new SdkSignature(canonicalRequest, stringToSign, signedHeaders, signature, $"{Algorithm} Access={accessKey}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    /// <summary>Each segment decoded then encoded, joined by "/", ending in "/".</summary>
    public static string CanonicalUri(string absolutePath)
    {
        var path = string.Join('/', (absolutePath ?? string.Empty).Split('/').Select(segment => Encode(Uri.UnescapeDataString(segment))));
        return path.EndsWith('/') ? path : path + "/";
    }

    /// <summary>Names and values decoded then encoded, <c>name=value</c> (an empty value keeps "="), sorted by name then value, joined by "&amp;".</summary>
    public static string CanonicalQuery(string query)
    {
        var text = (query ?? string.Empty).TrimStart('?');
        return string.Join('&', text.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Name: Encode(Uri.UnescapeDataString(pair[0])), Value: pair.Length > 1 ? Encode(Uri.UnescapeDataString(pair[1])) : string.Empty))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>RFC 3986 percent-encoding of the UTF-8 bytes; unreserved characters stay.</summary>
    public static string Encode(string value)
    {
        var result = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                result.Append((char)b);
            }
            else
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }
}
