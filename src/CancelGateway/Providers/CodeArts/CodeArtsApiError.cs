namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// An unsuccessful answer from CodeArts (or API Gateway in front of it, or IAM), parsed from
/// Huawei's error body (<c>{"error_code","error_msg","request_id"}</c>, or IAM's
/// <c>{"error":{"code","title","message"}}</c>) and headers.
/// </summary>
/// <param name="HttpStatus">The HTTP status code.</param>
/// <param name="ErrorCode">The Huawei error code (e.g. APIG.0301), or IAM's title; null when the body had none.</param>
/// <param name="Message">The body's message, single-line, bounded and with secrets redacted; empty when there was none.</param>
/// <param name="RequestId">The request id from X-Request-Id or the body's request_id, if any.</param>
/// <param name="RetryAfter">How long Huawei Cloud asked us to wait (Retry-After), if it did.</param>
/// <param name="ServerDate">The response's Date header: Huawei Cloud's clock, if it said.</param>
/// <param name="ReadAt">The gateway's clock when the response was read.</param>
internal sealed record CodeArtsApiError(int HttpStatus, string? ErrorCode, string Message, string? RequestId, TimeSpan? RetryAfter, DateTimeOffset? ServerDate = null, DateTimeOffset? ReadAt = null);
