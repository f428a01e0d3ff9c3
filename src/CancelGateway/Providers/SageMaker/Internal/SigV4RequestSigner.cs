using System.Globalization;
using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;

namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>
/// Signs an AWS JSON 1.1 request with SigV4 through AWSSDK.Core's signer
/// (<see cref="AWS4Signer.ComputeSignature(ImmutableCredentials, string, DateTime, string, string, string)"/>):
/// the SDK derives the signing key and signs; this builds the canonical request of exactly the
/// headers it sends (content-type, host, x-amz-date, x-amz-target, and the session token of
/// temporary credentials), because the SDK's request pipeline needs its generated service
/// clients, which the registry here does not have for SageMaker.
/// </summary>
internal static class SigV4RequestSigner
{
    /// <summary>The signing name of SageMaker (the service model's signingName).</summary>
    public const string Service = "sagemaker";

    /// <summary>Adds Host, X-Amz-Date, X-Amz-Security-Token (temporary credentials) and Authorization.</summary>
    /// <param name="request">A POST with its content (and its Content-Type) and X-Amz-Target set.</param>
    /// <param name="body">The content's bytes.</param>
    /// <param name="credentials">Who signs.</param>
    /// <param name="region">The region of the execution, which is the region of the endpoint.</param>
    /// <param name="now">The signing time, from the injected clock.</param>
    public static void Sign(HttpRequestMessage request, byte[] body, ImmutableCredentials credentials, string region, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var signedAt = now.UtcDateTime;
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";

        // What is signed is exactly what is sent: Host is set rather than left to HttpClient.
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = request.Content?.Headers.ContentType?.ToString() ?? throw new ArgumentException("The request has no Content-Type.", nameof(request)),
            ["host"] = host,
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = string.Join(',', request.Headers.GetValues("X-Amz-Target")),
        };
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
            headers["x-amz-security-token"] = credentials.Token;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join('\n',
            "POST",
            CanonicalPath(uri),
            string.Empty,
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value.Trim()}\n")),
            signedHeaders,
            AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(body), true));
        var signature = AWS4Signer.ComputeSignature(credentials, region, signedAt, Service, signedHeaders, canonicalRequest);

        // "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...": a scheme and one parameter.
        var authorization = signature.ForAuthorizationHeader;
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        request.Headers.Authorization = new AuthenticationHeaderValue(authorization[..space], authorization[(space + 1)..]);
    }

    // Every service but S3 encodes the (already encoded) path once more, keeping the slashes.
    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        return path.Length == 0 ? "/" : string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }
}
