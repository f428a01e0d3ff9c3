using System.Net;
using System.Security.Cryptography;
using CancelGateway.Providers.Http;
using CancelGateway.V1;
using Google.Apis.Auth.OAuth2.Responses;

namespace CancelGateway.Providers.VertexAi;

/// <summary>Failures of the token endpoint and of the credentials themselves.</summary>
internal static partial class VertexErrorMapper
{
    /// <summary>
    /// Getting an access token failed. A refused key or missing credentials are the gateway's
    /// configuration problem; an unreachable or failing token endpoint is transient.
    /// </summary>
    public static ProviderException FromTokenFailure(Exception exception, string what)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case TokenResponseException { StatusCode: { } status } unavailable when (int)status >= 500 || status == HttpStatusCode.TooManyRequests:
                return new ProviderException(
                    Provider.VertexAi, ProviderFailureKind.Unavailable,
                    $"The Vertex AI token endpoint answered HTTP {(int)status} while {what}.",
                    httpStatus: (int)status, providerCode: Sanitize(unavailable.Error?.Error), innerException: exception);

            case TokenResponseException refused:
                var code = Sanitize(refused.Error?.Error);
                var description = Sanitize(refused.Error?.ErrorDescription);
                var detail = description.Length > 0 ? $"{code}: {description}" : code;
                return new ProviderException(
                    Provider.VertexAi, ProviderFailureKind.AuthenticationFailed,
                    $"The gateway's Vertex AI credentials were refused by the token endpoint ({detail}) while {what}; this is a gateway configuration problem ({VertexAiOptions.SectionName}:CredentialsFile).",
                    httpStatus: refused.StatusCode is { } s ? (int)s : null, providerCode: code.Length > 0 ? code : null, innerException: exception);

            case HttpRequestException or IOException:
                return new ProviderException(
                    Provider.VertexAi, ProviderFailureKind.Unreachable,
                    $"The Vertex AI token endpoint could not be reached while {what}: {ProviderHttp.Describe(exception)}.",
                    innerException: exception);

            case InvalidOperationException or CryptographicException or ArgumentException or UnauthorizedAccessException:
                // No ADC found, an unusable key file: the exception's own message names the problem
                // (these come from our key checks or Google's ADC lookup, neither quotes key material).
                return new ProviderException(
                    Provider.VertexAi, ProviderFailureKind.AuthenticationFailed,
                    $"The gateway has no usable Vertex AI credentials while {what}: {Sanitize(exception.Message)}",
                    innerException: exception);

            default:
                return new ProviderException(
                    Provider.VertexAi, ProviderFailureKind.AuthenticationFailed,
                    $"Getting a Vertex AI access token failed while {what} ({exception.GetType().Name}).",
                    innerException: exception);
        }
    }
}
