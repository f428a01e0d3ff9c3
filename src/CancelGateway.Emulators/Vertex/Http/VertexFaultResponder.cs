using System.Globalization;
using CancelGateway.Emulators.Faults;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>Injected faults in Google's words: 503 UNAVAILABLE and 429 RESOURCE_EXHAUSTED JSON errors.</summary>
internal sealed class VertexFaultResponder : IFaultResponder
{
    public bool IsTokenEndpoint(HttpRequest request) => request.Path == VertexRoute.TokenPath;

    public Task WriteUnavailableAsync(HttpContext context) =>
        JsonResponse.WriteAsync(context.Response, StatusCodes.Status503ServiceUnavailable, VertexErrors.Unavailable(), VertexJson.WriteError);

    public Task WriteThrottledAsync(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return JsonResponse.WriteAsync(context.Response, StatusCodes.Status429TooManyRequests, VertexErrors.Throttled(), VertexJson.WriteError);
    }
}
