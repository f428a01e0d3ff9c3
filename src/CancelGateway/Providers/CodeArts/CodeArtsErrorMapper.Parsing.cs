using CancelGateway.Providers.CodeArts.Internal;
using CancelGateway.Providers.Http;

namespace CancelGateway.Providers.CodeArts;

/// <summary>Reading Huawei's error responses and keeping secrets out of messages.</summary>
internal static partial class CodeArtsErrorMapper
{
    /// <summary>The header Huawei Cloud names each request with.</summary>
    public const string RequestIdHeader = "X-Request-Id";

    /// <summary>Parses an unsuccessful response (its body already read) into a <see cref="CodeArtsApiError"/>.</summary>
    /// <param name="response">The response.</param>
    /// <param name="body">Its body.</param>
    /// <param name="timeProvider">The clock, for a Retry-After given as a date.</param>
    public static CodeArtsApiError ReadError(HttpResponseMessage response, string body, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        // Not Huawei's JSON (an HTML page from a proxy, an empty body): the HTTP status alone decides.
        var error = ProviderHttp.TryRead(body, CodeArtsJsonContext.Default.HuaweiErrorJson);

        // The service and API Gateway give error_code and error_msg; IAM (Keystone style) an error object.
        var code = error?.ErrorCode ?? error?.Error?.Title;
        var message = error?.ErrorCode is not null ? error.ErrorMsg : error?.Error?.Message ?? error?.ErrorMsg;
        var bodyRequestId = error?.RequestId;
        var requestId = ProviderHttp.ReadRequestId(response, RequestIdHeaders) ?? Sanitize(bodyRequestId);
        return new CodeArtsApiError(
            (int)response.StatusCode,
            Sanitize(code) is { Length: > 0 } clean ? clean : null,
            Sanitize(message),
            requestId is { Length: > 0 } ? requestId : null,
            ProviderHttp.RetryAfter(response, timeProvider),
            response.Headers.Date,
            timeProvider.GetUtcNow());
    }

    /// <summary>The headers Huawei Cloud names a request in.</summary>
    public static readonly IReadOnlyList<string> RequestIdHeaders = [RequestIdHeader];

    /// <summary>Provider text made one bounded line without credentials or control characters (<see cref="ProviderText.Clean"/>).</summary>
    public static string Sanitize(string? message) => ProviderText.Clean(message);
}
