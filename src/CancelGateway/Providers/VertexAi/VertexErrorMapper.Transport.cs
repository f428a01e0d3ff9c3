using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Grpc.Core;
using CancelGateway.V1;
using Google.Apis.Auth.OAuth2.Responses;

namespace CancelGateway.Providers.VertexAi;

/// <summary>Failures before Vertex AI answered: the network, time-outs, and the token endpoint.</summary>
internal static partial class VertexErrorMapper
{
    /// <summary>True for the exceptions a failed connection or a dropped response surfaces as.</summary>
    public static bool IsTransportFailure(Exception exception) => ProviderHttpFailures.IsTransportFailure(exception);

    /// <summary>Vertex AI could not be reached, or the connection dropped before the response was complete.</summary>
    public static ProviderException FromTransportFailure(Exception exception, string what)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = $"Vertex AI could not be reached while {what}: {ProviderHttpFailures.Describe(exception, Sanitize)}.";
        return new ProviderException(Provider.VertexAi, StatusCode.Unavailable, UnreachableReason, message, isTransient: true, innerException: exception);
    }

    /// <summary>Vertex AI (or its token endpoint) did not answer within the configured request timeout.</summary>
    public static ProviderException FromTimeout(TimeSpan timeout, string what, bool tokenEndpoint)
    {
        var who = tokenEndpoint ? "The Vertex AI token endpoint" : "Vertex AI";
        var message = $"{who} did not answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({VertexAiOptions.SectionName}:RequestTimeout) while {what}.";
        return new ProviderException(Provider.VertexAi, StatusCode.Unavailable, UnreachableReason, message, isTransient: true);
    }

    /// <summary>
    /// Getting an access token failed. A refused key or missing credentials are the gateway's
    /// configuration problem (INTERNAL, not transient: retrying cannot help); an unreachable or
    /// failing token endpoint is transient.
    /// </summary>
    public static ProviderException FromTokenFailure(Exception exception, string what)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case TokenResponseException { StatusCode: { } status } unavailable when (int)status >= 500 || status == HttpStatusCode.TooManyRequests:
                return new ProviderException(
                    Provider.VertexAi, StatusCode.Unavailable, UnavailableReason,
                    $"The Vertex AI token endpoint answered HTTP {(int)status} while {what}.",
                    isTransient: true, httpStatus: (int)status, providerCode: Sanitize(unavailable.Error?.Error), innerException: exception);

            case TokenResponseException refused:
                var code = Sanitize(refused.Error?.Error);
                var description = Sanitize(refused.Error?.ErrorDescription);
                var detail = description.Length > 0 ? $"{code}: {description}" : code;
                return new ProviderException(
                    Provider.VertexAi, StatusCode.Internal, AuthenticationFailedReason,
                    $"The gateway's Vertex AI credentials were refused by the token endpoint ({detail}) while {what}; this is a gateway configuration problem ({VertexAiOptions.SectionName}:CredentialsFile).",
                    isTransient: false, httpStatus: refused.StatusCode is { } s ? (int)s : null, providerCode: code.Length > 0 ? code : null, innerException: exception);

            case HttpRequestException or IOException:
                return new ProviderException(
                    Provider.VertexAi, StatusCode.Unavailable, UnreachableReason,
                    $"The Vertex AI token endpoint could not be reached while {what}: {ProviderHttpFailures.Describe(exception, Sanitize)}.",
                    isTransient: true, innerException: exception);

            case InvalidOperationException or CryptographicException or ArgumentException or UnauthorizedAccessException:
                // No ADC found, an unusable key file: the exception's own message names the problem
                // (these come from our key checks or Google's ADC lookup, neither quotes key material).
                return new ProviderException(
                    Provider.VertexAi, StatusCode.Internal, AuthenticationFailedReason,
                    $"The gateway has no usable Vertex AI credentials while {what}: {Sanitize(exception.Message)}",
                    isTransient: false, innerException: exception);

            default:
                return new ProviderException(
                    Provider.VertexAi, StatusCode.Internal, AuthenticationFailedReason,
                    $"Getting a Vertex AI access token failed while {what} ({exception.GetType().Name}).",
                    isTransient: false, innerException: exception);
        }
    }
}
