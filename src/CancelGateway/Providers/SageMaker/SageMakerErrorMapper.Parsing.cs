using CancelGateway.Providers.Http;
using CancelGateway.Providers.SageMaker.Internal;

namespace CancelGateway.Providers.SageMaker;

/// <summary>Reading AWS JSON 1.1 error responses, and keeping secrets out of messages.</summary>
internal static partial class SageMakerErrorMapper
{
    /// <summary>Parses an unsuccessful response (its body already read) into a <see cref="SageMakerApiError"/>.</summary>
    public static SageMakerApiError ReadError(HttpResponseMessage response, string body, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        // Not AWS's JSON (an HTML page from a proxy, an empty body): the header or the HTTP status decides.
        var error = ProviderHttp.TryRead(body, SageMakerJsonContext.Default.AwsErrorJson);
        var code = error?.Type ?? error?.LowerCode ?? error?.Code;
        var message = error?.LowerMessage ?? error?.Message ?? error?.ErrorMessage;
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var types) && types.FirstOrDefault() is { Length: > 0 } type)
        {
            code ??= type;
        }

        return new SageMakerApiError((int)response.StatusCode, NormalizeCode(code), Sanitize(message), ProviderHttp.ReadRequestId(response, RequestIdHeaders), ProviderHttp.RetryAfter(response, timeProvider));
    }

    /// <summary>The headers AWS names a request in.</summary>
    public static readonly IReadOnlyList<string> RequestIdHeaders = ["x-amzn-RequestId", "x-amz-request-id"];

    /// <summary>Provider text made one bounded line without credentials or control characters (<see cref="ProviderText.Clean"/>).</summary>
    public static string Sanitize(string? message) => ProviderText.Clean(message);

    // "com.amazonaws.sagemaker#ResourceNotFound" and "ValidationException:http://internal..." both mean the bare code.
    private static string? NormalizeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        code = code.Trim();
        return code.Length == 0 ? null : Sanitize(code);
    }
}
