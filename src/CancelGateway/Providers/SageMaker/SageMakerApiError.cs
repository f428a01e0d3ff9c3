namespace CancelGateway.Providers.SageMaker;

/// <summary>
/// An unsuccessful SageMaker response, parsed from the AWS JSON 1.1 error (<c>{"__type","message"}</c>,
/// or the <c>x-amzn-ErrorType</c> header) and the response headers.
/// </summary>
/// <param name="HttpStatus">The HTTP status code.</param>
/// <param name="Code">The AWS error code without its namespace (e.g. ResourceNotFound, ThrottlingException), if there was one.</param>
/// <param name="Message">The error's message, single-line, bounded and sanitized; empty when there was none.</param>
/// <param name="RequestId">The x-amzn-RequestId, if any.</param>
/// <param name="RetryAfter">How long AWS asked us to wait (Retry-After), if it did.</param>
internal sealed record SageMakerApiError(int HttpStatus, string? Code, string Message, string? RequestId, TimeSpan? RetryAfter);
