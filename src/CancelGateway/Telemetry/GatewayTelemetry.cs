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
