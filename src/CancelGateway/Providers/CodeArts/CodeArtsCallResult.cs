namespace CancelGateway.Providers.CodeArts;

/// <summary>What one CodeArts call returned: the body and, when it was not a 2xx, the parsed error.</summary>
/// <param name="HttpStatus">The HTTP status code.</param>
/// <param name="Body">The response body.</param>
/// <param name="RequestId">The request id Huawei Cloud gave the call, if any.</param>
/// <param name="Error">The parsed error; null on success.</param>
internal sealed record CodeArtsCallResult(int HttpStatus, string Body, string? RequestId, CodeArtsApiError? Error);
