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
    /// <summary>Classifies an unsuccessful HTTP response from Vertex AI.</summary>
    /// <param name="error">The parsed response.</param>
    /// <param name="what">What the gateway was doing, e.g. "cancelling projects/p/locations/l/pipelineJobs/j".</param>
    public static ProviderException ToException(VertexApiError error, string what)
    {
        ArgumentNullException.ThrowIfNull(error);
        var canonical = CanonicalOf(error.HttpStatus, error.Status);
        var (kind, headline) = Classify(canonical);
        var status = error.Status is { Length: > 0 } s ? $"HTTP {error.HttpStatus} {s}" : $"HTTP {error.HttpStatus}";
        var message = $"{headline} ({status}) while {what}{Detail(error.Message)}";
        if (error.RetryAfter is { } wait && ProviderFailures.Of(kind).IsTransient)
        {
            message += $" Vertex AI asked to retry after {wait.TotalSeconds:0.###} s.";
        }

        return new ProviderException(Provider.VertexAi, kind, message, error.HttpStatus, error.Status, error.RequestId, error.RetryAfter);
    }

    /// <summary>Classifies the error of a long-running operation that finished unsuccessfully.</summary>
    /// <param name="rpcCode">The google.rpc.Code in the operation's error.</param>
    /// <param name="providerMessage">The operation error's message.</param>
    /// <param name="operation">The operation's name.</param>
    /// <param name="what">What the gateway was doing.</param>
    public static ProviderException FromOperationError(int rpcCode, string? providerMessage, string? operation, string what)
    {
        var canonical = Enum.IsDefined(typeof(StatusCode), rpcCode) ? (StatusCode)rpcCode : StatusCode.Unknown;
        var (kind, headline) = Classify(canonical);
        var status = StatusName(canonical);
        var message = $"{headline} (operation {operation ?? "(unnamed)"} failed with {status}) while {what}{Detail(Sanitize(providerMessage))}";
        return new ProviderException(Provider.VertexAi, kind, message, providerCode: status);
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

    // Google's canonical code → the provider-neutral kind (ProviderFailures gives code and reason).
    private static (ProviderFailureKind Kind, string Headline) Classify(StatusCode canonical) => canonical switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange => (ProviderFailureKind.InvalidArgument, "Vertex AI rejected the request as invalid"),
        StatusCode.FailedPrecondition => (ProviderFailureKind.NotCancellable, "Vertex AI cannot do this in the run's current state"),
        StatusCode.Unauthenticated => (ProviderFailureKind.AuthenticationFailed, "Vertex AI refused the gateway's credentials (a gateway configuration problem)"),
        StatusCode.PermissionDenied => (ProviderFailureKind.PermissionDenied, "The gateway's Vertex AI identity lacks permission"),
        StatusCode.NotFound => (ProviderFailureKind.NotFound, "Vertex AI found no such resource"),
        StatusCode.Aborted or StatusCode.AlreadyExists => (ProviderFailureKind.Conflict, "Vertex AI reported a conflicting change"),
        StatusCode.ResourceExhausted => (ProviderFailureKind.RateLimited, "Vertex AI is rate-limiting the gateway"),
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => (ProviderFailureKind.Unavailable, "Vertex AI is unavailable"),
        StatusCode.Internal => (ProviderFailureKind.InternalError, "Vertex AI reported an internal error"),
        _ => (ProviderFailureKind.Unknown, "Vertex AI failed"),
    };

    private static string Detail(string message) => message.Length == 0 ? "." : $": {message}";
}
