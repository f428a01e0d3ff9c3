namespace CancelGateway.Providers.VertexAi;

/// <summary>What one Vertex AI call returned: the body and, when it was not a 2xx, the parsed error.</summary>
/// <param name="HttpStatus">The HTTP status code.</param>
/// <param name="Body">The response body.</param>
/// <param name="Error">The parsed error; null on success.</param>
internal sealed record VertexCallResult(int HttpStatus, string Body, VertexApiError? Error);
