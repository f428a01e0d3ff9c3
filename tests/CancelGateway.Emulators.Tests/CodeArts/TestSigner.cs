using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CancelGateway.Emulators.Tests.CodeArts;

/// <summary>
/// The tests' own SDK-HMAC-SHA256 signer, straight from the public algorithm, for requests whose
/// path and query need no escaping (the emulator's IDs are alphanumerics). It signs Host and
/// X-Sdk-Date, and X-Security-Token when given one; the emulator must accept exactly what the
/// algorithm says and nothing else.
/// </summary>
internal static class TestSigner
{
    public static void Sign(HttpRequestMessage request, byte[] body, string accessKey, string secretKey, DateTimeOffset at, string? securityToken = null)
    {
        var uri = request.RequestUri!;
        var host = $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        var date = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("X-Sdk-Date", date);
        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        var query = string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        var (tokenLine, tokenName) = securityToken is null ? (string.Empty, string.Empty) : ($"x-security-token:{securityToken}\n", ";x-security-token");
        if (securityToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Security-Token", securityToken);
        }

        var canonical = $"{request.Method.Method}\n{path}\n{query}\nhost:{host}\nx-sdk-date:{date}\n{tokenLine}\nhost;x-sdk-date{tokenName}\n{Hex(SHA256.HashData(body))}";
        var toSign = $"SDK-HMAC-SHA256\n{date}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signature = Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("Authorization", $"SDK-HMAC-SHA256 Access={accessKey}, SignedHeaders=host;x-sdk-date{tokenName}, Signature={signature}");
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
