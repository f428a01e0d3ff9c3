namespace CancelGateway.Emulators.CodeArts.Http;

/// <summary>
/// An expected refusal, thrown where it is detected and written once, at the edge, in the body
/// format of whoever refuses (<see cref="Origin"/>). Messages never hold a credential.
/// </summary>
internal sealed class CodeArtsApiException(int httpStatus, string errorCode, string message, CodeArtsErrorSource origin) : Exception(message)
{
    /// <summary>The HTTP status.</summary>
    public int HttpStatus { get; } = httpStatus;

    /// <summary>The Huawei error code, e.g. <c>APIG.0301</c> or <c>DEVPIPE.00011104</c> (the IAM title for IAM errors).</summary>
    public string ErrorCode { get; } = errorCode;

    /// <summary>Who refused.</summary>
    public CodeArtsErrorSource Origin { get; } = origin;
}
