using Grpc.Core;
using CancelGateway.V1;

namespace CancelGateway.Providers.VertexAi;

/// <summary>
/// The one place where Vertex AI failures become <see cref="ProviderException"/>s: HTTP errors
/// with Google's JSON error body, failed long-running operations, transport failures and
/// credential failures. Messages say what happened while doing what to which run, and never
/// hold a token, assertion or key (<see cref="Sanitize"/> is the last line of defence).
/// </summary>
internal static partial class VertexErrorMapper
{
    /// <summary>The reason when the gateway's own credentials do not work (its configuration, not the caller's fault).</summary>
    public const string AuthenticationFailedReason = "PROVIDER_AUTHENTICATION_FAILED";

    /// <summary>The reason when Vertex AI could not be reached at all or did not answer in time.</summary>
    public const string UnreachableReason = "PROVIDER_UNREACHABLE";

    /// <summary>The reason when Vertex AI answered 5xx (or a failed operation said it was unavailable).</summary>
    public const string UnavailableReason = "PROVIDER_UNAVAILABLE";

    /// <summary>The reason when Vertex AI reported an internal error (HTTP 500 INTERNAL): not retried (AIP-194).</summary>
    public const string InternalErrorReason = "PROVIDER_INTERNAL_ERROR";

    private const int MaxMessageLength = 512;

    /// <summary>Classifies an unsuccessful HTTP response from Vertex AI.</summary>
    /// <param name="error">The parsed response.</param>
    /// <param name="what">What the gateway was doing, e.g. "cancelling projects/p/locations/l/pipelineJobs/j".</param>
    public static ProviderException ToException(VertexApiError error, string what)
    {
        ArgumentNullException.ThrowIfNull(error);
        var canonical = CanonicalOf(error.HttpStatus, error.Status);
        var (code, reason, transient, headline) = Classify(canonical);
        var status = error.Status is { Length: > 0 } s ? $"HTTP {error.HttpStatus} {s}" : $"HTTP {error.HttpStatus}";
        var message = $"{headline} ({status}) while {what}{Detail(error.Message)}";
        if (error.RetryAfter is { } wait && transient)
        {
            message += $" Vertex AI asked to retry after {wait.TotalSeconds:0.###} s.";
        }

        return new ProviderException(Provider.VertexAi, code, reason, message, transient, error.HttpStatus, error.Status, error.RequestId, error.RetryAfter);
    }

    /// <summary>Classifies the error of a long-running operation that finished unsuccessfully.</summary>
    /// <param name="rpcCode">The google.rpc.Code in the operation's error.</param>
    /// <param name="providerMessage">The operation error's message.</param>
    /// <param name="operation">The operation's name.</param>
    /// <param name="what">What the gateway was doing.</param>
    public static ProviderException FromOperationError(int rpcCode, string? providerMessage, string? operation, string what)
    {
        var canonical = Enum.IsDefined(typeof(StatusCode), rpcCode) ? (StatusCode)rpcCode : StatusCode.Unknown;
        var (code, reason, transient, headline) = Classify(canonical);
        var status = StatusName(canonical);
        var message = $"{headline} (operation {operation ?? "(unnamed)"} failed with {status}) while {what}{Detail(Sanitize(providerMessage))}";
        return new ProviderException(Provider.VertexAi, code, reason, message, transient, providerCode: status);
    }

    /// <summary>A successful response whose body the gateway cannot read: Vertex AI changed, or something in between did.</summary>
    public static ProviderException FromInvalidResponse(string what, int httpStatus, string? requestId, Exception? innerException)
    {
        var message = $"Vertex AI answered HTTP {httpStatus} with a body the gateway cannot read while {what}.";
        return new ProviderException(Provider.VertexAi, StatusCode.Internal, "PROVIDER_INVALID_RESPONSE", message, isTransient: false, httpStatus, requestId: requestId, innerException: innerException);
    }

    /// <summary>
    /// The pipeline state a FAILED_PRECONDITION refusal names ("… is in state
    /// PIPELINE_STATE_FAILED and cannot be canceled."), or null when it names none.
    /// </summary>
    public static string? RefusedInState(VertexApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (CanonicalOf(error.HttpStatus, error.Status) != StatusCode.FailedPrecondition)
        {
            return null;
        }

        var match = PipelineStateWord().Match(error.Message);
        return match.Success ? match.Value : null;
    }

    // HTTP status first (it is what every proxy and Google front end agrees on); the body's
    // status only splits the 400s and the 500s, which Google uses for several canonical codes.
    // A 500 that says INTERNAL, UNKNOWN or DATA_LOSS is Google's own failure, which AIP-194 says
    // not to retry; a bare 500 (from something in between, with no Google body) stays UNAVAILABLE.
    private static StatusCode CanonicalOf(int httpStatus, string? status) => httpStatus switch
    {
        400 => ParseStatusName(status) switch
        {
            StatusCode.FailedPrecondition => StatusCode.FailedPrecondition,
            _ => StatusCode.InvalidArgument,
        },
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.NotFound,
        409 => StatusCode.Aborted,
        429 => StatusCode.ResourceExhausted,
        500 => ParseStatusName(status) switch
        {
            StatusCode.Internal => StatusCode.Internal,
            StatusCode.Unknown => StatusCode.Unknown,
            StatusCode.DataLoss => StatusCode.DataLoss,
            _ => StatusCode.Unavailable,
        },
        502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    // The mapping table (README "Provider errors"): gRPC code, ErrorInfo reason, transient, headline.
    private static (StatusCode Code, string Reason, bool Transient, string Headline) Classify(StatusCode canonical) => canonical switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange =>
            (StatusCode.InvalidArgument, "PROVIDER_INVALID_ARGUMENT", false, "Vertex AI rejected the request as invalid"),
        StatusCode.FailedPrecondition =>
            (StatusCode.FailedPrecondition, "RUN_NOT_CANCELLABLE", false, "Vertex AI cannot do this in the run's current state"),
        StatusCode.Unauthenticated =>
            (StatusCode.Internal, AuthenticationFailedReason, false, "Vertex AI refused the gateway's credentials (a gateway configuration problem)"),
        StatusCode.PermissionDenied =>
            (StatusCode.PermissionDenied, "PROVIDER_PERMISSION_DENIED", false, "The gateway's Vertex AI identity lacks permission"),
        StatusCode.NotFound =>
            (StatusCode.NotFound, "RUN_NOT_FOUND", false, "Vertex AI found no such pipeline job"),
        StatusCode.Aborted or StatusCode.AlreadyExists =>
            (StatusCode.Aborted, "PROVIDER_CONFLICT", false, "Vertex AI reported a conflicting change"),
        StatusCode.ResourceExhausted =>
            (StatusCode.ResourceExhausted, "PROVIDER_RATE_LIMITED", true, "Vertex AI is rate-limiting the gateway"),
        StatusCode.Unavailable or StatusCode.DeadlineExceeded =>
            (StatusCode.Unavailable, UnavailableReason, true, "Vertex AI is unavailable"),

        // AIP-194: INTERNAL (like UNKNOWN, below) is not retried by default; retrying is for a
        // higher level that knows the call is safe to repeat.
        StatusCode.Internal =>
            (StatusCode.Internal, InternalErrorReason, false, "Vertex AI reported an internal error"),
        _ =>
            (StatusCode.Unknown, "PROVIDER_ERROR", false, "Vertex AI failed"),
    };

    private static string Detail(string message) => message.Length == 0 ? "." : $": {message}";
}
