using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CancelGateway.Telemetry;

/// <summary>
/// Shapes the RPC's server span, which is ASP.NET Core's own activity for the request. A
/// recorded span is named after the RPC and given the RPC semantic-convention attributes
/// (<c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c>; for REST calls <c>http.route</c>
/// and <c>http.response.status_code</c>), at the cost of a recorded span only: ASP.NET Core's
/// own HTTP attributes, which it would compute for every request before any sampling, stay off.
/// Which reads are recorded is <see cref="ReadSampler"/>'s decision, taken before the span starts.
/// </summary>
internal static class RequestSpans
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (Activity.Current is not { Recorded: true } span || span.OperationName != ReadSampler.RequestActivity)
        {
            return next(context);
        }

        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            // The path is /package.Service/Method.
            var slash = path.LastIndexOf('/');
            span.DisplayName = path[1..];
            span.SetTag("rpc.system", "grpc");
            span.SetTag("rpc.service", slash > 1 ? path[1..slash] : path[1..]);
            span.SetTag("rpc.method", path[(slash + 1)..]);
            return next(context);
        }

        return HttpAsync(context, span, next);
    }

    /// <summary>A REST (JSON transcoding) or other HTTP request: named by its route once routing has run.</summary>
    private static async Task HttpAsync(HttpContext context, Activity span, RequestDelegate next)
    {
        span.SetTag("http.request.method", context.Request.Method);
        span.SetTag("url.path", context.Request.Path.Value);
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            span.DisplayName = route is null ? context.Request.Method : $"{context.Request.Method} {route}";
            if (route is not null)
            {
                span.SetTag("http.route", route);
            }

            span.SetTag("http.response.status_code", context.Response.StatusCode);
        }
    }
}
