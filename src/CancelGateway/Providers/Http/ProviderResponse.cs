namespace CancelGateway.Providers.Http;

/// <summary>An HTTP answer of a provider, read within the size cap.</summary>
/// <param name="Message">The response, its content already read (and disposed): status and headers only.</param>
/// <param name="Body">The body as text, with the provider's known secrets redacted.</param>
/// <param name="RequestId">The provider's request id, cleaned, if it sent one.</param>
internal sealed record ProviderResponse(HttpResponseMessage Message, string Body, string? RequestId)
{
    /// <summary>The HTTP status code.</summary>
    public int HttpStatus => (int)Message.StatusCode;

    /// <summary>Whether the status is 2xx.</summary>
    public bool IsSuccess => Message.IsSuccessStatusCode;
}
