using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Trace;

namespace CancelGateway.Telemetry;

/// <summary>
/// The trace sampler when <c>Telemetry:ReadTraceRatio</c> is below 1: a read that only returns
/// stored state (GetOperation, ListOperations, ListAuditEvents, a health check, any GET) and
/// starts a trace of its own is sampled for that share of trace ids; every other span follows
/// <paramref name="inner"/>, the SDK's sampler as <c>OTEL_TRACES_SAMPLER</c> sets it (so a read
/// whose caller sent a <c>traceparent</c> keeps the caller's decision by default).
/// </summary>
/// <remarks>
/// Reads are what clients poll with, many per operation, and a one-span trace of one says less
/// than <c>rpc.server.call.duration</c> already counts. The request's method and path come from
/// <see cref="IHttpContextAccessor"/>: ASP.NET Core sets it before it starts the request's
/// activity, and gives a sampler no attributes of the request otherwise (unless it computes
/// them for every request, see <see cref="RequestSpans"/>). A read dropped here is never
/// recorded, so neither the SDK nor <see cref="RequestSpans"/> does any work for its span.
/// </remarks>
internal sealed class ReadSampler(Sampler inner, IHttpContextAccessor requests, double readRatio) : Sampler
{
    /// <summary>ASP.NET Core's activity for an incoming request.</summary>
    internal const string RequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    /// <summary>The gRPC methods (the path's end) that only read.</summary>
    private static readonly string[] ReadMethods = ["/GetOperation", "/ListOperations", "/ListAuditEvents", "/grpc.health.v1.Health/Check"];

    private static readonly SamplingResult Dropped = new(SamplingDecision.Drop);

    /// <summary>Trace ids whose low 63 bits fall under this are the sampled share of reads.</summary>
    private readonly ulong _readBound = readRatio >= 1 ? ulong.MaxValue : (ulong)(readRatio * long.MaxValue);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.ParentContext.TraceId == default
            && samplingParameters.Name == RequestActivity
            && requests.HttpContext?.Request is { } request
            && IsRead(request.Method, request.Path.Value ?? "/")
            && !IsChosen(samplingParameters.TraceId))
        {
            return Dropped;
        }

        return inner.ShouldSample(samplingParameters);
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

    /// <summary>
    /// The same decision for the same trace id in every replica: the trace id's low 63 bits (its
    /// last 16 hex digits, read as a number without the top bit) against the ratio.
    /// </summary>
    internal bool IsChosen(ActivityTraceId traceId) =>
        _readBound == ulong.MaxValue
        || (ulong.Parse(traceId.ToHexString().AsSpan(16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) & long.MaxValue) < _readBound;
}
