using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace CancelGateway.Telemetry;

/// <summary>
/// The RPC's server span, started by the gateway (<see cref="GatewayTelemetry.Source"/>) for the
/// requests that are traced, and for no other. It is named after the RPC and carries the RPC
/// semantic-convention attributes (<c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c>,
/// <c>rpc.grpc.status_code</c>; for REST calls <c>http.route</c> and
/// <c>http.response.status_code</c>); its parent is the caller's <c>traceparent</c>, if any.
/// <para>
/// Every request that changes something is traced. A read that only returns stored state
/// (GetOperation, ListOperations, ListAuditEvents, a health check, any GET) is traced when its
/// caller sent a <c>traceparent</c> (the SDK's sampler then keeps the caller's decision), and
/// otherwise for <c>Telemetry:ReadTraceRatio</c> of reads, at most
/// <c>Telemetry:ReadTracesPerSecond</c> a second (<see cref="ReadTraceBudget"/>): reads are what
/// clients poll with, many per operation, and a one-span trace of one says less than
/// <c>rpc.server.call.duration</c> already counts. An untraced read costs the OpenTelemetry SDK
/// nothing: ASP.NET Core's own request activity is not subscribed to, so no span is sampled,
/// started or ended for it (bench/README.md, "telemetry").
/// </para>
/// </summary>
internal sealed class RequestSpans(double readRatio, ReadTraceBudget readBudget)
{
    /// <summary>The W3C trace-context header.</summary>
    private const string TraceParent = "traceparent";

    /// <summary>The gRPC methods (the path's end) that only read.</summary>
    private static readonly string[] ReadMethods = ["/GetOperation", "/ListOperations", "/ListAuditEvents", "/grpc.health.v1.Health/Check"];

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var hasParent = request.Headers.ContainsKey(TraceParent);
        if (!hasParent && IsRead(request.Method, path) && !(ChoosesRead() && readBudget.TryTake()))
        {
            return next(context);
        }

        return TracedAsync(context, path, next);
    }

    /// <summary>Whether a request with this method and path only reads.</summary>
    internal static bool IsRead(string method, string path)
    {
        if (HttpMethods.IsGet(method))
        {
            return true;
        }

        foreach (var read in ReadMethods)
        {
            if (path.EndsWith(read, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether this read, starting a trace of its own, is in the traced share.</summary>
    internal bool ChoosesRead() => readRatio >= 1 || (readRatio > 0 && Random.Shared.NextDouble() < readRatio);

    /// <summary>The caller's trace context, read the way ASP.NET Core reads it (the process's propagator).</summary>
    private static ActivityContext RemoteParent(HttpRequest request)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(request.Headers, ReadHeader, out var traceParent, out var traceState);
        return traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent) ? parent : default;
    }

    /// <summary>The caller's baggage onto the span, as ASP.NET Core would put it on its own activity.</summary>
    private static void AddBaggage(HttpRequest request, Activity span)
    {
        if (DistributedContextPropagator.Current.ExtractBaggage(request.Headers, ReadHeader) is not { } baggage)
        {
            return;
        }

        // AddBaggage puts each item first; the propagator gives them reversed, so they end in the caller's order.
        foreach (var item in baggage)
        {
            span.AddBaggage(item.Key, item.Value);
        }
    }

    private static void ReadHeader(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        values = null;
        value = ((IHeaderDictionary)carrier!).TryGetValue(name, out var found) ? found.ToString() : null;
    }

    private static async Task TracedAsync(HttpContext context, string path, RequestDelegate next)
    {
        var request = context.Request;
        var grpc = request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

        // ASP.NET Core's request activity (made for its log scopes, unsampled) is not the span's
        // parent: the caller's context is, or none.
        Activity.Current = null;
        using var span = GatewayTelemetry.Source.StartActivity(grpc ? path[1..] : request.Method, ActivityKind.Server, RemoteParent(request));
        if (span is not null)
        {
            AddBaggage(request, span);
        }

        if (span is null || !span.IsAllDataRequested)
        {
            await next(context);
            return;
        }

        if (grpc)
        {
            // The path is /package.Service/Method.
            var slash = path.LastIndexOf('/');
            span.SetTag("rpc.system", "grpc");
            span.SetTag("rpc.service", slash > 1 ? path[1..slash] : path[1..]);
            span.SetTag("rpc.method", path[(slash + 1)..]);
        }
        else
        {
            span.SetTag("http.request.method", request.Method);
            span.SetTag("url.path", path);
        }

        try
        {
            await next(context);
        }
        catch (Exception error)
        {
            span.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            throw;
        }

        if (grpc)
        {
            // grpc-status is a trailer, or a header when the response is trailers-only.
            var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
            var status = trailers is not null && trailers.TryGetValue("grpc-status", out var trailer) ? trailer : context.Response.Headers["grpc-status"];
            if (!StringValues.IsNullOrEmpty(status) && int.TryParse(status.ToString(), out var code))
            {
                span.SetTag("rpc.grpc.status_code", code);

                // The RPC conventions' error statuses of a server span: the server's failures, not the caller's
                // (UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS).
                if (code is 2 or 4 or 12 or 13 or 14 or 15)
                {
                    span.SetStatus(ActivityStatusCode.Error);
                }
            }

            return;
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        span.DisplayName = route is null ? request.Method : $"{request.Method} {route}";
        if (route is not null)
        {
            span.SetTag("http.route", route);
        }

        span.SetTag("http.response.status_code", context.Response.StatusCode);
        if (context.Response.StatusCode >= 500)
        {
            span.SetStatus(ActivityStatusCode.Error);
        }
    }
}
