using CancelGateway.V1;

namespace CancelGateway.Providers.SageMaker;

/// <summary>
/// The one place where SageMaker failures become <see cref="ProviderException"/>s: AWS JSON 1.1
/// errors and credential failures (transport failures and time-outs are the HTTP core's). Messages say what happened
/// while doing what to which execution, with AWS's code and request id in the exception's
/// fields (ErrorInfo provider_code, provider_request_id), and never hold a secret key,
/// session token, signature or callback token (<see cref="Sanitize"/> is the last line of defence).
/// </summary>
internal static partial class SageMakerErrorMapper
{
    /// <summary>The code of a refused action on a step that is not waiting, or of a stop of an execution that cannot be stopped (AWS's model declares it for both).</summary>
    public const string ConflictCode = "ConflictException";

    /// <summary>The code of a request SageMaker finds invalid (an ended execution's stop has been refused so too).</summary>
    public const string ValidationCode = "ValidationException";

    /// <summary>SageMaker's "not found" code, without the usual "Exception" suffix.</summary>
    public const string ResourceNotFoundCode = "ResourceNotFound";

    private const string AuthenticationHeadline = "SageMaker refused the gateway's AWS credentials or signature (a gateway configuration problem)";

    private static readonly string[] ThrottlingCodes =
    [
        "ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException",
        "RequestThrottled", "RequestThrottledException", "RequestLimitExceeded", "SlowDown",
    ];

    // The signing and credential failures AWS front ends answer (JSON, query and REST services word them differently).
    private static readonly string[] AuthenticationCodes =
    [
        "InvalidSignatureException", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidClientTokenId",
        "IncompleteSignature", "IncompleteSignatureException", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
        "ExpiredToken", "ExpiredTokenException", "RequestExpired", "AuthFailure", "InvalidAccessKeyId",
    ];

    private static readonly string[] ServerCodes = ["InternalFailure", "InternalServerError", "InternalError", "ServiceUnavailable", "ServiceUnavailableException"];

    /// <summary>Classifies an unsuccessful SageMaker response.</summary>
    /// <param name="error">The parsed response.</param>
    /// <param name="what">What the gateway was doing, e.g. "stopping arn:aws:sagemaker:...".</param>
    public static ProviderException ToException(SageMakerApiError error, string what)
    {
        ArgumentNullException.ThrowIfNull(error);
        var (kind, headline) = Classify(error.HttpStatus, error.Code);
        var status = error.Code is { Length: > 0 } c ? $"{c}, HTTP {error.HttpStatus}" : $"HTTP {error.HttpStatus}";
        var message = $"{headline} ({status}) while {what}{Detail(error.Message)}";
        return new ProviderException(Provider.Sagemaker, kind, message, error.HttpStatus, error.Code, error.RequestId, error.RetryAfter);
    }

    // The AWS code decides where there is one (it is what SDKs switch on); the HTTP status is the fallback.
    private static (ProviderFailureKind Kind, string Headline) Classify(int httpStatus, string? code) => code switch
    {
        ResourceNotFoundCode or "ResourceNotFoundException" => (ProviderFailureKind.NotFound, "SageMaker found no such pipeline or execution"),
        ValidationCode or "ValidationError" or "SerializationException" or "InvalidParameterValue" or "InvalidParameterException" => (ProviderFailureKind.InvalidArgument, "SageMaker rejected the request as invalid"),
        ConflictCode => (ProviderFailureKind.Conflict, "SageMaker reported a conflicting change"),
        "AccessDeniedException" or "AccessDenied" or "NotAuthorized" or "UnauthorizedOperation" => (ProviderFailureKind.PermissionDenied, "The gateway's AWS identity lacks permission"),
        "ResourceLimitExceeded" => (ProviderFailureKind.QuotaExceeded, "SageMaker reports an account limit reached"),
        _ when code is not null && ThrottlingCodes.Contains(code) => (ProviderFailureKind.RateLimited, "SageMaker is throttling the gateway"),
        _ when code is not null && AuthenticationCodes.Contains(code) => (ProviderFailureKind.AuthenticationFailed, AuthenticationHeadline),
        _ when (code is not null && ServerCodes.Contains(code)) || httpStatus >= 500 => (ProviderFailureKind.Unavailable, "SageMaker is unavailable"),
        _ when httpStatus == 429 => (ProviderFailureKind.RateLimited, "SageMaker is throttling the gateway"),
        _ when httpStatus is 401 or 403 => (ProviderFailureKind.AuthenticationFailed, AuthenticationHeadline),
        _ when httpStatus == 400 => (ProviderFailureKind.InvalidArgument, "SageMaker rejected the request as invalid"),
        _ => (ProviderFailureKind.Unknown, "SageMaker failed"),
    };

    private static string Detail(string message) => message.Length == 0 ? "." : $": {message}";
}
