namespace CancelGateway.Providers.VertexAi;

/// <summary>
/// An unsuccessful Vertex AI response, parsed from Google's JSON error body
/// (<c>{"error":{"code","message","status","details"}}</c>, AIP-193) and headers.
/// </summary>
/// <param name="HttpStatus">The HTTP status code.</param>
/// <param name="Status">The canonical status name from the body (e.g. NOT_FOUND), if the body had one.</param>
/// <param name="Message">The body's message, single-line and bounded; empty when there was none.</param>
/// <param name="RequestId">The request id from x-goog-request-id or x-request-id, if any.</param>
/// <param name="RetryAfter">How long Vertex AI asked us to wait (Retry-After, or RetryInfo in the details).</param>
internal sealed record VertexApiError(int HttpStatus, string? Status, string Message, string? RequestId, TimeSpan? RetryAfter);
