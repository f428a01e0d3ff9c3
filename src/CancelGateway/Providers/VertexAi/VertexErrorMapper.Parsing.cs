using System.Globalization;
using System.Text.RegularExpressions;
using CancelGateway.Providers.Http;
using CancelGateway.Providers.VertexAi.Internal;
using Grpc.Core;

namespace CancelGateway.Providers.VertexAi;

/// <summary>Reading Google's error responses and keeping secrets out of messages.</summary>
internal static partial class VertexErrorMapper
{
    /// <summary>The headers Google names a request in.</summary>
    public static readonly IReadOnlyList<string> RequestIdHeaders = ["x-goog-request-id", "x-request-id"];

    /// <summary>Parses an unsuccessful response (its body already read) into a <see cref="VertexApiError"/>.</summary>
    public static VertexApiError ReadError(HttpResponseMessage response, string body, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        // Not Google's JSON (an HTML page from a proxy, an empty body): the HTTP status alone decides.
        // Some Google front ends wrap the error in a one-element array.
        var error = body.AsSpan().TrimStart().StartsWith("[")
            ? ProviderHttp.TryRead(body, VertexJsonContext.Default.ListGoogleErrorBodyJson)?.FirstOrDefault()?.Error
            : ProviderHttp.TryRead(body, VertexJsonContext.Default.GoogleErrorBodyJson)?.Error;
        var status = error?.Status;
        var message = Sanitize(error?.Message);
        var retryInfo = ReadRetryInfo(error?.Details);
        return new VertexApiError((int)response.StatusCode, status, message, ProviderHttp.ReadRequestId(response, RequestIdHeaders), ProviderHttp.RetryAfter(response, timeProvider) ?? retryInfo);
    }

    /// <summary>Provider text made one bounded line without credentials or control characters (<see cref="ProviderText.Clean"/>).</summary>
    public static string Sanitize(string? message) => ProviderText.Clean(message);

    // google.rpc.RetryInfo in the details: {"@type": "...RetryInfo", "retryDelay": "1.5s"}.
    private static TimeSpan? ReadRetryInfo(List<GoogleErrorDetailJson>? details)
    {
        foreach (var detail in details ?? [])
        {
            if (detail.Type == "type.googleapis.com/google.rpc.RetryInfo"
                && detail.RetryDelay is { Length: > 1 } delay
                && delay.EndsWith('s')
                && double.TryParse(delay.AsSpan(0, delay.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return null;
    }

    private static StatusCode? ParseStatusName(string? status) => status switch
    {
        "CANCELLED" => StatusCode.Cancelled,
        "UNKNOWN" => StatusCode.Unknown,
        "INVALID_ARGUMENT" => StatusCode.InvalidArgument,
        "DEADLINE_EXCEEDED" => StatusCode.DeadlineExceeded,
        "NOT_FOUND" => StatusCode.NotFound,
        "ALREADY_EXISTS" => StatusCode.AlreadyExists,
        "PERMISSION_DENIED" => StatusCode.PermissionDenied,
        "RESOURCE_EXHAUSTED" => StatusCode.ResourceExhausted,
        "FAILED_PRECONDITION" => StatusCode.FailedPrecondition,
        "ABORTED" => StatusCode.Aborted,
        "OUT_OF_RANGE" => StatusCode.OutOfRange,
        "UNIMPLEMENTED" => StatusCode.Unimplemented,
        "INTERNAL" => StatusCode.Internal,
        "UNAVAILABLE" => StatusCode.Unavailable,
        "DATA_LOSS" => StatusCode.DataLoss,
        "UNAUTHENTICATED" => StatusCode.Unauthenticated,
        _ => null,
    };

    // The canonical name Google's JSON errors use (the google.rpc.Code enum value name).
    private static string StatusName(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.DataLoss => "DATA_LOSS",
        _ => code.ToString().ToUpperInvariant(),
    };

    [GeneratedRegex(@"\bPIPELINE_STATE_[A-Z_]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex PipelineStateWord();
}
