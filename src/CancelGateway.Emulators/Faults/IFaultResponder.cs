using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.Faults;

/// <summary>
/// The provider-specific half of fault injection: each API words its 503 and 429 its own way
/// (Google JSON errors, AWS JSON 1.1 errors, ...), and knows which path is its token endpoint.
/// </summary>
internal interface IFaultResponder
{
    /// <summary>Whether the request goes to the provider's token endpoint (spared by default).</summary>
    bool IsTokenEndpoint(HttpRequest request);

    /// <summary>Writes the provider's 503 UNAVAILABLE.</summary>
    Task WriteUnavailableAsync(HttpContext context);

    /// <summary>Writes the provider's 429, with <c>Retry-After</c> in whole seconds.</summary>
    Task WriteThrottledAsync(HttpContext context, int retryAfterSeconds);
}
