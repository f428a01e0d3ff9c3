using System.Globalization;
using CancelGateway.Providers;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace CancelGateway.Operations;

/// <content>The per-caller bound on queued work, checked before anything is stored.</content>
internal sealed partial class OperationsEngine
{
    private static readonly TimeSpan MinRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    /// <summary>Runs <paramref name="caller"/> holds queued now (accepted, cancel not yet sent).</summary>
    internal int QueuedFor(CallerKey caller) => _ledger.Queued(caller);

    /// <summary>Reserves <paramref name="runs"/> of the caller's bound, or refuses with RESOURCE_EXHAUSTED, CALLER_QUEUE_FULL and a RetryInfo.</summary>
    private CallerReservation Reserve(CallerKey caller, int runs)
    {
        if (_ledger.TryReserve(caller, runs, out var queued) is { } reservation)
        {
            return reservation;
        }

        // The caller's own work drains at best at the provider rate (fair sharing can only make
        // it slower): ask for a pause of about as long as the excess takes to go out.
        var excess = queued + runs - _options.MaxQueuedPerCaller;
        var delay = TimeSpan.FromSeconds(Math.Ceiling(excess / _options.ProviderRequestsPerSecond));
        delay = delay < MinRetryDelay ? MinRetryDelay : delay > MaxRetryDelay ? MaxRetryDelay : delay;
        var limit = _options.MaxQueuedPerCaller.ToString(CultureInfo.InvariantCulture);
        var status = GatewayErrors.Status(GatewayError.CallerQueueFull,
            $"This caller already has {queued} runs waiting for their cancel requests to be sent; {runs} more would exceed the limit of {limit} (Engine:MaxQueuedPerCaller). Retry after {delay.TotalSeconds:0} s, or with fewer runs.",
            ("queued", queued.ToString(CultureInfo.InvariantCulture)),
            ("requested", runs.ToString(CultureInfo.InvariantCulture)),
            ("limit", limit));
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        throw status.ToRpcException();
    }
}
