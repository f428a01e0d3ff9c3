namespace CancelGateway.Emulators.SageMaker.Http;

/// <summary>
/// An expected API failure, thrown where it is detected and written once, at the edge, as an
/// AWS JSON 1.1 error: <c>{"__type":"...","message":"..."}</c> with its HTTP status.
/// </summary>
internal sealed class SageMakerApiException(int httpStatus, string type, string message) : Exception(message)
{
    /// <summary>The HTTP status: 400 for client errors (throttling included), 403 for authentication, 5xx for the service.</summary>
    public int HttpStatus { get; } = httpStatus;

    /// <summary>The error code, the body's <c>__type</c> (e.g. ResourceNotFound, ValidationException).</summary>
    public string Type { get; } = type;
}
