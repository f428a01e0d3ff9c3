using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CancelGateway.Emulators.Tests.CodeArts;

/// <summary>
/// The tests' own SDK-HMAC-SHA256 signer, straight from the public algorithm, for requests whose
/// path and query need no escaping (the emulator's IDs are alphanumerics). It signs Host and
/// X-Sdk-Date; the emulator must accept exactly what the algorithm says and nothing else.
/// </summary>
internal static class TestSigner
{
    public static void Sign(HttpRequestMessage request, byte[] body, string accessKey, string secretKey, DateTimeOffset at)
    {
        var uri = request.RequestUri!;
        var host = $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        var date = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("X-Sdk-Date", date);
        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        var query = string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        var canonical = $"{request.Method.Method}\n{path}\n{query}\nhost:{host}\nx-sdk-date:{date}\n\nhost;x-sdk-date\n{Hex(SHA256.HashData(body))}";
        var toSign = $"SDK-HMAC-SHA256\n{date}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signature = Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("Authorization", $"SDK-HMAC-SHA256 Access={accessKey}, SignedHeaders=host;x-sdk-date, Signature={signature}");
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
