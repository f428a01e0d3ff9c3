using OpenTelemetry.Trace;

namespace CancelGateway.Telemetry;

/// <summary>
/// The root sampler of the gateway's traces. Every request that starts or changes something (Cancel,
/// BatchCancel, CancelOperation, DeleteOperation, WatchRun, WaitOperation) and every span of the
/// engine's work is recorded; a read that only returns stored state (GetOperation, ListOperations,
/// ListAuditEvents, a health check, any REST GET) is recorded for <c>Telemetry:ReadTraceRatio</c> of
/// trace ids. Reads are what clients poll with, many per operation, and their one-span traces say
/// less than <c>http.server.request.duration</c> already counts. Used as the root of a
/// parent-based sampler, so a read whose caller sent a sampled <c>traceparent</c> is recorded.
/// </summary>
internal sealed class ReadSampler : Sampler
{
    /// <summary>ASP.NET Core's activity for an incoming request.</summary>
    private const string RequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    /// <summary>The gRPC methods (last path segment) that only read.</summary>
    private static readonly string[] ReadMethods = ["/GetOperation", "/ListOperations", "/ListAuditEvents", "/grpc.health.v1.Health/Check"];

    private static readonly SamplingResult Record = new(SamplingDecision.RecordAndSample);

    private readonly Sampler _reads;

    public ReadSampler(double readRatio)
    {
        _reads = new TraceIdRatioBasedSampler(readRatio);
        Description = $"ReadSampler{{reads={readRatio}}}";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Name == RequestActivity && IsRead(samplingParameters.Tags)
            ? _reads.ShouldSample(samplingParameters)
            : Record;

    /// <summary>
    /// Whether the request's start tags (ASP.NET Core gives <c>url.path</c> and
    /// <c>http.request.method</c> to samplers) name a read. Without them: not a read, recorded.
    /// </summary>
    internal static bool IsRead(IEnumerable<KeyValuePair<string, object?>>? tags)
    {
        if (tags is null)
        {
            return false;
        }

        foreach (var (key, value) in tags)
        {
            if (value is not string text)
            {
                continue;
            }

            if (key == "http.request.method" && text == "GET")
            {
                return true;
            }

            if (key == "url.path")
            {
                foreach (var method in ReadMethods)
                {
                    if (text.EndsWith(method, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
