using CancelGateway.Providers;
using CancelGateway.V1;
using Google.LongRunning;

namespace CancelGateway.Operations;

/// <content>Recording what the worker observed, and ending the operation.</content>
internal sealed partial class CancelWorker
{
    private bool Observe(ProviderRunStatus status)
    {
        var blockers = status.Blockers ?? [];
        var changed = _metadata.State != status.State
            || _metadata.ProviderState != status.ProviderState
            || !_metadata.Blockers.SequenceEqual(blockers);
        _metadata.State = status.State;
        _metadata.ProviderState = status.ProviderState;
        if (!_metadata.Blockers.SequenceEqual(blockers))
        {
            _metadata.Blockers.Clear();
            _metadata.Blockers.AddRange(blockers);
        }

        return changed;
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        _metadata.Joined += Interlocked.Exchange(ref _pendingJoins, 0);
        _metadata.UpdateTime = OperationSnapshots.Time(_time.GetUtcNow());
        _operation = await _book.SaveAsync(OperationSnapshots.With(_operation, _metadata), cancellationToken);
        _metadata = OperationSnapshots.CancelMetadata(_operation);
    }

    private async Task FinishAsync(ProviderRunStatus status, bool alreadyEnded, CancellationToken cancellationToken)
    {
        // Nothing holds the stop back any more; what the gateway forced stays on record.
        var forced = _metadata.Blockers.Where(b => b.Forced).ToList();
        Observe(status);
        var now = _time.GetUtcNow();
        _metadata.Joined += Interlocked.Exchange(ref _pendingJoins, 0);
        _metadata.LastError = null;
        _metadata.CancelInFlight = false;
        _metadata.Blockers.Clear();
        _metadata.Blockers.AddRange(forced);
        _metadata.UpdateTime = OperationSnapshots.Time(now);
        _metadata.EndTime = OperationSnapshots.Time(now);
        var response = new CancelRunResponse
        {
            Run = _run.Text,
            Provider = _run.Provider,
            FinalState = status.State,
            ProviderState = status.ProviderState,
            EndTime = OperationSnapshots.Time(status.EndTime ?? now),
            AlreadyEnded = EndedBeforeRequest(status, alreadyEnded),
            Message = status.Message ?? string.Empty,
        };
        _operation = await _book.SaveAsync(OperationSnapshots.Succeeded(_operation, _metadata, response), cancellationToken);
        _metadata = OperationSnapshots.CancelMetadata(_operation);
        EngineLog.Finished(_logger, _operation.Name, _run.Text, _run.Provider, status.State);
        Telemetry.GatewayTelemetry.OperationDone(ProviderNames.Of(_run.Provider), "cancel", Telemetry.GatewayTelemetry.Outcome(status.State));
        _firstAnswer.TrySetResult(_operation);
    }

    /// <summary>
    /// Whether the run had ended before this cancellation was accepted. The provider's end time
    /// decides when it has one: a retry after an ambiguous failure (the first request took
    /// effect, its answer was lost) hears "already ended" about an end this operation caused,
    /// and a batch cancel skips ended runs without saying which. Without an end time, only a
    /// first-attempt "already ended" counts.
    /// </summary>
    private bool EndedBeforeRequest(ProviderRunStatus status, bool providerSaidEnded)
    {
        if (status.EndTime is { } end && _metadata.CreateTime is { } created)
        {
            return end < created.ToDateTimeOffset();
        }

        return providerSaidEnded && _metadata.Attempts <= 1;
    }

    private async Task FailAsync(Google.Rpc.Status error, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        _metadata.Joined += Interlocked.Exchange(ref _pendingJoins, 0);
        _metadata.LastError = null;
        _metadata.CancelInFlight = false;
        _metadata.UpdateTime = OperationSnapshots.Time(now);
        _metadata.EndTime = OperationSnapshots.Time(now);
        _operation = await _book.SaveAsync(OperationSnapshots.Failed(_operation, _metadata, error), cancellationToken);
        _metadata = OperationSnapshots.CancelMetadata(_operation);
        EngineLog.OperationFailed(_logger, _operation.Name, _run.Text, _run.Provider, (Grpc.Core.StatusCode)error.Code, error.Message);
        Telemetry.GatewayTelemetry.OperationDone(ProviderNames.Of(_run.Provider), "cancel", "error");
        _firstAnswer.TrySetResult(_operation);
    }

    /// <summary>Marks the provider's acceptance of a batch cancel that included this run, before the worker starts.</summary>
    public static Operation MarkRequestedByBatch(Operation operation, DateTimeOffset now)
    {
        var metadata = OperationSnapshots.CancelMetadata(operation);
        metadata.Attempts++;
        metadata.CancelRequested = true;
        metadata.UpdateTime = OperationSnapshots.Time(now);
        return OperationSnapshots.With(operation, metadata);
    }
}
