using System.Globalization;
using System.Net.Http.Headers;
using CancelGateway.Emulators.SageMaker.Auth;

namespace CancelGateway.Emulators.Tests.SageMaker;

/// <summary>
/// Signs test requests with the emulator's own SigV4 functions. The emulator's reading of the
/// algorithm is checked independently elsewhere: against AWS's published example signature and
/// against botocore (<see cref="BotocoreFidelityTests"/>); here it only needs to produce requests.
/// </summary>
internal static class SigV4TestSigner
{
    public static void Sign(HttpRequestMessage request, byte[] body, string accessKeyId, string secretAccessKey, string region, DateTimeOffset signedAt, string? sessionToken = null, string service = "sagemaker")
    {
        var uri = request.RequestUri!;
        var amzDate = signedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = request.Content!.Headers.ContentType!.ToString(),
            ["host"] = host,
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = string.Join(',', request.Headers.GetValues("X-Amz-Target")),
        };
        if (sessionToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", sessionToken);
            headers["x-amz-security-token"] = sessionToken;
        }

        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var canonical = SigV4.CanonicalRequest("POST", SigV4.CanonicalUri(uri.AbsolutePath), string.Empty, [.. headers.Select(h => (h.Key, h.Value))], SigV4.PayloadHash(body));
        var signature = SigV4.Signature(SigV4.SigningKey(secretAccessKey, date, region, service), SigV4.StringToSign(amzDate, scope, canonical));
        request.Headers.Authorization = new AuthenticationHeaderValue(
            SigV4.Algorithm,
            $"Credential={accessKeyId}/{scope}, SignedHeaders={string.Join(';', headers.Keys)}, Signature={signature}");
    }
}
