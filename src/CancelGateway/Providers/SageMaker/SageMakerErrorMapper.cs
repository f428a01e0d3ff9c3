using Grpc.Core;
using CancelGateway.V1;

namespace CancelGateway.Providers.SageMaker;

/// <summary>
/// The one place where SageMaker failures become <see cref="ProviderException"/>s: AWS JSON 1.1
/// errors, transport failures, time-outs and credential failures. Messages say what happened
/// while doing what to which execution, with AWS's code and request id in the exception's
/// fields (ErrorInfo provider_code, provider_request_id), and never hold a secret key,
/// session token, signature or callback token (<see cref="Sanitize"/> is the last line of defence).
/// </summary>
internal static partial class SageMakerErrorMapper
{
    /// <summary>The reason when the gateway's own AWS credentials do not work (its configuration, not the caller's fault).</summary>
    public const string AuthenticationFailedReason = "PROVIDER_AUTHENTICATION_FAILED";

    /// <summary>The reason when SageMaker could not be reached at all or did not answer in time.</summary>
    public const string UnreachableReason = "PROVIDER_UNREACHABLE";

    /// <summary>The reason when SageMaker answered 5xx.</summary>
    public const string UnavailableReason = "PROVIDER_UNAVAILABLE";

    /// <summary>The code of a refused action on a step that is not waiting, or of a stop of an execution that cannot be stopped (AWS's model declares it for both).</summary>
    public const string ConflictCode = "ConflictException";

    /// <summary>The code of a request SageMaker finds invalid (an ended execution's stop has been refused so too).</summary>
    public const string ValidationCode = "ValidationException";

    /// <summary>SageMaker's "not found" code, without the usual "Exception" suffix.</summary>
    public const string ResourceNotFoundCode = "ResourceNotFound";

    private const int MaxMessageLength = 512;

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
        var (code, reason, transient, headline) = Classify(error.HttpStatus, error.Code);
        var status = error.Code is { Length: > 0 } c ? $"{c}, HTTP {error.HttpStatus}" : $"HTTP {error.HttpStatus}";
        var message = $"{headline} ({status}) while {what}{Detail(error.Message)}";
        return new ProviderException(Provider.Sagemaker, code, reason, message, transient, error.HttpStatus, error.Code, error.RequestId, error.RetryAfter);
    }

    /// <summary>A successful response whose body the gateway cannot read: SageMaker changed, or something in between did.</summary>
    public static ProviderException FromInvalidResponse(string what, int httpStatus, string? requestId, Exception? innerException)
    {
        var message = $"SageMaker answered HTTP {httpStatus} with a body the gateway cannot read while {what}.";
        return new ProviderException(Provider.Sagemaker, StatusCode.Internal, "PROVIDER_INVALID_RESPONSE", message, isTransient: false, httpStatus, requestId: requestId, innerException: innerException);
    }

    // The AWS code decides where there is one (it is what SDKs switch on); the HTTP status is the fallback.
    private static (StatusCode Code, string Reason, bool Transient, string Headline) Classify(int httpStatus, string? code) => code switch
    {
        ResourceNotFoundCode or "ResourceNotFoundException" =>
            (StatusCode.NotFound, "RUN_NOT_FOUND", false, "SageMaker found no such pipeline execution"),
        ValidationCode or "ValidationError" or "SerializationException" or "InvalidParameterValue" or "InvalidParameterException" =>
            (StatusCode.InvalidArgument, "PROVIDER_INVALID_ARGUMENT", false, "SageMaker rejected the request as invalid"),

        // A concurrent change of the same entity (AIP-193's ABORTED: retry the whole sequence at a
        // higher level), not a state the caller must fix first (FAILED_PRECONDITION).
        ConflictCode =>
            (StatusCode.Aborted, "PROVIDER_CONFLICT", false, "SageMaker reported a conflicting change"),
        "AccessDeniedException" or "AccessDenied" or "NotAuthorized" or "UnauthorizedOperation" =>
            (StatusCode.PermissionDenied, "PROVIDER_PERMISSION_DENIED", false, "The gateway's AWS identity lacks permission"),
        "ResourceLimitExceeded" =>
            (StatusCode.ResourceExhausted, "PROVIDER_QUOTA_EXCEEDED", false, "SageMaker reports an account limit reached"),
        _ when code is not null && ThrottlingCodes.Contains(code) =>
            (StatusCode.ResourceExhausted, "PROVIDER_RATE_LIMITED", true, "SageMaker is throttling the gateway"),
        _ when code is not null && AuthenticationCodes.Contains(code) =>
            (StatusCode.Internal, AuthenticationFailedReason, false, "SageMaker refused the gateway's AWS credentials or signature (a gateway configuration problem)"),
        _ when (code is not null && ServerCodes.Contains(code)) || httpStatus >= 500 =>
            (StatusCode.Unavailable, UnavailableReason, true, "SageMaker is unavailable"),
        _ when httpStatus == 429 =>
            (StatusCode.ResourceExhausted, "PROVIDER_RATE_LIMITED", true, "SageMaker is throttling the gateway"),
        _ when httpStatus is 401 or 403 =>
            (StatusCode.Internal, AuthenticationFailedReason, false, "SageMaker refused the gateway's AWS credentials or signature (a gateway configuration problem)"),
        _ when httpStatus == 400 =>
            (StatusCode.InvalidArgument, "PROVIDER_INVALID_ARGUMENT", false, "SageMaker rejected the request as invalid"),
        _ =>
            (StatusCode.Unknown, "PROVIDER_ERROR", false, "SageMaker failed"),
    };

    private static string Detail(string message) => message.Length == 0 ? "." : $": {message}";
}
