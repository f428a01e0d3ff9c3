using System.Diagnostics;
using System.Diagnostics.Metrics;
using CancelGateway.Providers;
using CancelGateway.V1;

namespace CancelGateway.Telemetry;

/// <summary>
/// The gateway's own spans and instruments, under one name (<see cref="Name"/>) that the
/// OpenTelemetry set-up subscribes to. Static, as <see cref="ActivitySource"/>s usually are:
/// with no listener (telemetry off) a span or a measurement costs one check.
/// </summary>
internal static class GatewayTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "CancelGateway";

    /// <summary>The provider tag of a batch, whose runs may be at several providers.</summary>
    public const string Mixed = "mixed";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Created = Meter.CreateCounter<long>(
        "cancelgateway.operations.created", "{operation}", "Operations created (new cancellations and batches; joins and replays are not new).");

    private static readonly Counter<long> Done = Meter.CreateCounter<long>(
        "cancelgateway.operations.done", "{operation}", "Operations that ended, by outcome: the run's final state, or error.");

    private static readonly UpDownCounter<long> InFlight = Meter.CreateUpDownCounter<long>(
        "cancelgateway.operations.in_flight", "{operation}", "Operations this process is driving (not done).");

    private static readonly Histogram<double> ProviderCalls = Meter.CreateHistogram<double>(
        "cancelgateway.provider.call.duration", "s", "Provider calls (a cancel, a status read, a force, a batch cancel), once out of the queue; failure_kind is none when it succeeded.");

    private static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "cancelgateway.provider.retries", "{retry}", "Transient provider failures the engine will try again after a delay.");

    private static readonly UpDownCounter<long> WatchStreams = Meter.CreateUpDownCounter<long>(
        "cancelgateway.watch.streams", "{stream}", "WatchRun streams open.");

    private static readonly Histogram<double> StoreCalls = Meter.CreateHistogram<double>(
        "cancelgateway.store.duration", "s", "Operation store calls, by call and whether it failed.");

    private static readonly Histogram<double> RpcCalls = Meter.CreateHistogram<double>(
        "rpc.server.call.duration", "s", "Calls of the gateway's gRPC services (and the REST calls transcoded to them), by method and gRPC status code.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    /// <summary>The status code attribute's values, boxed once.</summary>
    private static readonly object[] StatusCodes = [.. Enumerable.Range(0, 17).Select(code => (object)code)];

    /// <summary>Method names without the path's leading slash (the strings grpc-dotnet passes are the same instances every call).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> RpcMethods = new(StringComparer.Ordinal);

    /// <summary>One finished call: <paramref name="method"/> is grpc-dotnet's <c>/package.Service/Method</c>.</summary>
    public static void RpcCall(string method, Grpc.Core.StatusCode status, TimeSpan duration)
    {
        if (!RpcCalls.Enabled)
        {
            return;
        }

        var code = (int)status;
        RpcCalls.Record(duration.TotalSeconds, new TagList
        {
            { "rpc.method", RpcMethods.GetOrAdd(method, static path => path.TrimStart('/')) },
            { "rpc.grpc.status_code", code is >= 0 and < 17 ? StatusCodes[code] : code },
        });
    }

    public static void OperationCreated(string provider, string kind)
    {
        var tags = new TagList { { "provider", provider }, { "kind", kind } };
        Created.Add(1, tags);
        InFlight.Add(1, tags);
    }

    /// <summary>A not-done operation this process picked up again at start-up.</summary>
    public static void OperationResumed(string provider, string kind) =>
        InFlight.Add(1, new TagList { { "provider", provider }, { "kind", kind } });

    public static void OperationDone(string provider, string kind, string outcome)
    {
        InFlight.Add(-1, new TagList { { "provider", provider }, { "kind", kind } });
        Done.Add(1, new TagList { { "provider", provider }, { "kind", kind }, { "outcome", outcome } });
    }

    public static void ProviderCall(Provider provider, string call, TimeSpan duration, string failureKind) =>
        ProviderCalls.Record(duration.TotalSeconds, new TagList { { "provider", ProviderNames.Of(provider) }, { "call", call }, { "failure_kind", failureKind } });

    public static void Retry(Provider provider, string call, string failureKind) =>
        Retries.Add(1, new TagList { { "provider", ProviderNames.Of(provider) }, { "call", call }, { "failure_kind", failureKind } });

    public static void WatchOpened() => WatchStreams.Add(1);

    public static void WatchClosed() => WatchStreams.Add(-1);

    public static void StoreCall(string call, TimeSpan duration, bool failed) =>
        StoreCalls.Record(duration.TotalSeconds, new TagList { { "call", call }, { "failed", failed } });

    /// <summary>The outcome tag of a done cancel operation: its final run state (cancelled, succeeded, ...).</summary>
    public static string Outcome(RunState state) => state switch
    {
        RunState.Cancelled => "cancelled",
        RunState.Succeeded => "succeeded",
        RunState.Failed => "failed",
        _ => state.ToString().ToLowerInvariant(),
    };
}
