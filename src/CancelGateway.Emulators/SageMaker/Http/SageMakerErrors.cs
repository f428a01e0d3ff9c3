using System.Globalization;

namespace CancelGateway.Emulators.SageMaker.Http;

/// <summary>
/// Every error the SageMaker emulator returns, worded as the AWS JSON 1.1 front end and the
/// SageMaker service word them. No message ever quotes a signature, a secret key, a session
/// token or a callback token.
/// </summary>
internal static class SageMakerErrors
{
    /// <summary>How far a request's X-Amz-Date may be from the server's clock (SigV4).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static SageMakerApiException MissingAuthenticationToken() =>
        new(403, "MissingAuthenticationTokenException", "Missing Authentication Token");

    public static SageMakerApiException IncompleteSignature(string detail) =>
        new(403, "IncompleteSignatureException", detail);

    public static SageMakerApiException InvalidSignature() =>
        new(403, "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

    public static SageMakerApiException InvalidScope(string detail) => new(403, "InvalidSignatureException", detail);

    public static SageMakerApiException SignatureExpired(DateTimeOffset signedAt, DateTimeOffset now) =>
        new(403, "InvalidSignatureException",
            $"Signature expired: {Format(signedAt)} is now earlier than {Format(now - MaxClockSkew)} ({Format(now)} - {MaxClockSkew.TotalMinutes:0} min.)");

    public static SageMakerApiException SignatureNotYetCurrent(DateTimeOffset signedAt, DateTimeOffset now) =>
        new(403, "InvalidSignatureException",
            $"Signature not yet current: {Format(signedAt)} is still later than {Format(now + MaxClockSkew)} ({Format(now)} + {MaxClockSkew.TotalMinutes:0} min.)");

    public static SageMakerApiException UnrecognizedClient() =>
        new(403, "UnrecognizedClientException", "The security token included in the request is invalid.");

    public static SageMakerApiException AccessDenied(string callerArn, string action, string resource) =>
        new(400, "AccessDeniedException",
            $"User: {callerArn} is not authorized to perform: sagemaker:{action} on resource: {resource} because no identity-based policy allows the sagemaker:{action} action");

    public static SageMakerApiException UnknownOperation() => new(400, "UnknownOperationException", string.Empty);

    public static SageMakerApiException Serialization(string detail) => new(400, "SerializationException", detail);

    /// <summary>The service's field validation, in the wording AWS uses ("1 validation error detected: ...").</summary>
    public static SageMakerApiException FieldInvalid(string field, string constraint, string? value = null) =>
        new(400, "ValidationException",
            $"1 validation error detected: Value {(value is null ? "null" : $"'{value}'")} at '{field}' failed to satisfy constraint: {constraint}");

    public static SageMakerApiException Validation(string message) => new(400, "ValidationException", message);

    public static SageMakerApiException ExecutionNotFound(string arn) =>
        new(400, "ResourceNotFound", $"Pipeline execution with ARN {arn} does not exist.");

    public static SageMakerApiException PipelineNotFound(string pipeline) =>
        new(400, "ResourceNotFound", $"Pipeline {pipeline} does not exist.");

    public static SageMakerApiException CallbackNotFound() =>
        new(400, "ResourceNotFound", "No pipeline execution step is waiting for the given callback token.");

    /// <summary>
    /// A stop of an ended execution: AWS's current model declares ConflictException (and
    /// ResourceNotFound) for StopPipelineExecution, so that is the code. The wording is the
    /// emulator's own: AWS documents none, and a client must not read it.
    /// </summary>
    public static SageMakerApiException NotStoppable(string arn, SageMakerExecutionStatus status) =>
        new(400, "ConflictException", $"Pipeline execution {arn} is {status} and cannot be stopped.");

    public static SageMakerApiException StepNotWaiting(string stepName, SageMakerStepStatus status) =>
        new(400, "ConflictException", $"Step {stepName} is not waiting for a callback: its status is {status}.");

    public static SageMakerApiException Throttling() => new(400, "ThrottlingException", "Rate exceeded");

    public static SageMakerApiException InternalFailure() =>
        new(500, "InternalFailure", "We encountered an internal error. Please try again.");

    public static SageMakerApiException ServiceUnavailable() =>
        new(503, "ServiceUnavailable", "Service is unavailable. Please try again later.");

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
}
