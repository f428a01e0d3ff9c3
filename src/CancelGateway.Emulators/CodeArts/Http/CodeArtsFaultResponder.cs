using System.Globalization;
using CancelGateway.Emulators.Faults;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.CodeArts.Http;

/// <summary>Injected faults in Huawei's words: API Gateway's APIG.0308 throttling 429, the service's 503.</summary>
internal sealed class CodeArtsFaultResponder : IFaultResponder
{
    /// <summary>The per-minute limit a throttled answer names.</summary>
    private const int ThrottleLimitPerMinute = 1200;

    public bool IsTokenEndpoint(HttpRequest request) => request.Path == CodeArtsRoute.TokenPath;

    public Task WriteUnavailableAsync(HttpContext context) =>
        CodeArtsResponse.WriteErrorAsync(context, CodeArtsErrors.Unavailable());

    public Task WriteThrottledAsync(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return CodeArtsResponse.WriteErrorAsync(context, CodeArtsErrors.Throttled(ThrottleLimitPerMinute));
    }
}
