namespace CancelGateway.Telemetry;

/// <summary>Traces and metrics (configuration section "Telemetry").</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Collect traces and metrics at all (default true). Off, no instrument or span costs anything.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Serve the metrics in Prometheus text format at <c>/metrics</c> on the HTTP/1.1 listener
    /// (<c>Gateway:HttpListen</c>; default true).
    /// </summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>
    /// Export traces and metrics over OTLP to this collector, e.g. <c>http://otel-collector:4317</c>
    /// (default unset: no OTLP export). The standard <c>OTEL_EXPORTER_OTLP_*</c> variables refine it.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>
    /// Record traces (default: when <see cref="OtlpEndpoint"/> is set, as nothing else would
    /// receive them). On, log lines carry trace ids even with no exporter.
    /// </summary>
    public bool? Traces { get; set; }

    /// <summary>
    /// The share of read requests (GetOperation, ListOperations, ListAuditEvents, health checks,
    /// REST GETs) starting a trace that are traced, 0 to 1, drawn at random (default 0.01).
    /// A read whose caller sent a <c>traceparent</c> keeps the caller's decision; everything else
    /// follows the SDK's sampler (see <see cref="RequestSpans"/>).
    /// </summary>
    public double ReadTraceRatio { get; set; } = 0.01;

    /// <summary>
    /// At most this many of those reads recorded in each second, per gateway process (default 10;
    /// 0 records none). The share alone would record more the harder clients poll; the cap keeps
    /// the cost of read traces flat (see <see cref="ReadTraceBudget"/>).
    /// </summary>
    public int ReadTracesPerSecond { get; set; } = 10;

    /// <summary>
    /// Also export ASP.NET Core's <c>http.server.request.duration</c> (every HTTP request by route
    /// and HTTP status; default false). The gateway's own <c>rpc.server.call.duration</c> counts
    /// every call by method and gRPC status, which the HTTP status of a gRPC call (200) hides.
    /// </summary>
    public bool HttpRequestDurations { get; set; }

    /// <summary>The service name on every span and metric (default <c>cancelgateway</c>).</summary>
    public string ServiceName { get; set; } = "cancelgateway";
}
