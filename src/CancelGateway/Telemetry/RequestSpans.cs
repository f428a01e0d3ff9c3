using System.Buffers.Binary;
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
/// A read that only returns stored state (GetOperation, ListOperations, ListAuditEvents, a
/// health check, any GET) starting a trace of its own is recorded for
/// <c>Telemetry:ReadTraceRatio</c> of trace ids: reads are what clients poll with, many per
/// operation, and a one-span trace of one says less than <c>rpc.server.call.duration</c>
/// already counts. Of those, at most <c>Telemetry:ReadTracesPerSecond</c> are recorded in each
/// second (<see cref="ReadTraceBudget"/>). A read whose caller sent a <c>traceparent</c> keeps
/// the caller's decision.
/// </summary>
internal sealed class RequestSpans(double readRatio, ReadTraceBudget readBudget)
{
    /// <summary>ASP.NET Core's activity for an incoming request.</summary>
    private const string RequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    /// <summary>The gRPC methods (the path's end) that only read.</summary>
    private static readonly string[] ReadMethods = ["/GetOperation", "/ListOperations", "/ListAuditEvents", "/grpc.health.v1.Health/Check"];

    /// <summary>Trace ids whose low 63 bits fall under this are the recorded share of reads.</summary>
    private readonly long _readBound = readRatio >= 1 ? long.MaxValue : (long)(readRatio * long.MaxValue);

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (Activity.Current is not { Recorded: true } span || span.OperationName != RequestActivity)
        {
            return next(context);
        }

        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (!span.HasRemoteParent && IsRead(request.Method, path) && !(IsChosen(span.TraceId) && readBudget.TryTake()))
        {
            span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            span.IsAllDataRequested = false;
            return next(context);
        }

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

    /// <summary>The same decision for the same trace id in every replica (its low 63 bits against the ratio).</summary>
    internal bool IsChosen(ActivityTraceId traceId)
    {
        if (_readBound == long.MaxValue)
        {
            return true;
        }

        Span<byte> bytes = stackalloc byte[16];
        traceId.CopyTo(bytes);
        return (BinaryPrimitives.ReadInt64BigEndian(bytes[8..]) & long.MaxValue) < _readBound;
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
