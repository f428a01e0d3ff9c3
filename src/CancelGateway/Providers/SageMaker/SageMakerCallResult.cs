namespace CancelGateway.Providers.SageMaker;

/// <summary>What one SageMaker call returned: the body and, when it was not a 2xx, the parsed error.</summary>
/// <param name="HttpStatus">The HTTP status code.</param>
/// <param name="Body">The response body.</param>
/// <param name="RequestId">The x-amzn-RequestId, if any.</param>
/// <param name="Error">The parsed error; null on success.</param>
internal sealed record SageMakerCallResult(int HttpStatus, string Body, string? RequestId, SageMakerApiError? Error);
