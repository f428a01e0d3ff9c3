using Microsoft.Extensions.Logging;

namespace CancelGateway.Operations;

/// <summary>
/// The operations engine's log events (ids 3000-3099). Run names and operation names only; never
/// credentials. Accepted, Finished, OperationFailed, BatchAccepted and BatchFinished are the one
/// line per accepted request and per ended operation; their parameters (Operation, Run, Provider)
/// are fields of the JSON console format, beside the trace id of the request that began the work.
/// </summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Operation {Operation} accepted: cancel {Run} at {Provider}")]
    public static partial void Accepted(ILogger logger, string operation, string run, CancelGateway.V1.Provider provider);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Transient failure from {Provider} for {Run} (attempt {Attempt}); retrying in {Delay}: {Message}")]
    public static partial void TransientFailure(ILogger logger, CancelGateway.V1.Provider provider, string run, int attempt, TimeSpan delay, string message);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Operation {Operation} done: {Run} at {Provider} ended {State}")]
    public static partial void Finished(ILogger logger, string operation, string run, CancelGateway.V1.Provider provider, CancelGateway.V1.RunState state);

    // Information: the operation's end, as Finished; retries and give-ups are warned of as they happen (3001).
    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Operation {Operation} failed: {Run} at {Provider}: {Code} {Message}")]
    public static partial void OperationFailed(ILogger logger, string operation, string run, CancelGateway.V1.Provider provider, Grpc.Core.StatusCode code, string message);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Batch {Operation} accepted: cancel {Count} runs ({Created} new)")]
    public static partial void BatchAccepted(ILogger logger, string operation, int count, int created);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Resuming {Count} unfinished operations")]
    public static partial void Resuming(ILogger logger, int count);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Operation {Operation} stopped on an unexpected error")]
    public static partial void WorkerCrashed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Batch {Operation}: {Provider} accepted a batch cancel of {Count} runs under {Scope}")]
    public static partial void BatchSubmitted(ILogger logger, string operation, CancelGateway.V1.Provider provider, int count, string scope);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Batch {Operation}: batch cancel of {Count} runs under {Scope} failed ({Message}); cancelling them one by one")]
    public static partial void BatchSubmitFailed(ILogger logger, string operation, int count, string scope, string message);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Operation {Operation}: {Run} showed no sign of stopping for {After} after the provider accepted the cancel; asked again")]
    public static partial void Resubmitted(ILogger logger, string operation, string run, TimeSpan after);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Batch {Operation} done: {Succeeded} ended, {Failed} failed")]
    public static partial void BatchFinished(ILogger logger, string operation, int succeeded, int failed);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Operation {Operation} is not done but cannot be read from the store (its body is corrupt); not resumed, marked failed: {Marked}")]
    public static partial void UnreadableNotResumed(ILogger logger, string operation, bool marked);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "Operation {Operation} not resumed, marked failed: {Reason}")]
    public static partial void NotResumable(ILogger logger, string operation, string reason);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "Operation {Operation}: a FORCE request joined the GRACEFUL cancellation of {Run}; it is FORCE from now on")]
    public static partial void Escalated(ILogger logger, string operation, string run);

    // Information with several replicas on one database; Debug for a store one process owns (nothing to tell).
    [LoggerMessage(EventId = 3020, Message = "Joined as replica {Replica} ({Live} live replicas); lease {LeaseTime}")]
    public static partial void Joined(ILogger logger, LogLevel level, string replica, int live, TimeSpan leaseTime);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Replica {Replica} lost its lease ({Held} operations held); its workers stop and it joins again")]
    public static partial void LeaseLost(ILogger logger, string replica, int held);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Lease renewal or claim failed; tried again next round: {Message}")]
    public static partial void LeaseRenewalFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Information, Message = "Claimed {Count} unfinished operations no live replica held")]
    public static partial void Claimed(ILogger logger, int count);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Information, Message = "Operation {Operation}: stopped before its next provider call, the lease lapsed")]
    public static partial void StoppedOnLostLease(ILogger logger, string operation);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Information, Message = "Operation {Operation}: {Run} is already stopping ({ProviderState}) on taking the work over; the stop is not sent again")]
    public static partial void StopFoundUnderway(ILogger logger, string operation, string run, string providerState);

    [LoggerMessage(EventId = 3027, Level = LogLevel.Information, Message = "Operation {Operation}: the stop of {Run} may have gone out before the work was taken over; it is polled, and asked again only if it shows no effect for {ResubmitAfter}")]
    public static partial void StopMaybeSent(ILogger logger, string operation, string run, TimeSpan resubmitAfter);

    [LoggerMessage(EventId = 3026, Level = LogLevel.Warning, Message = "Operation {Operation}: could not read the state of {Run} on taking the work over, so the stop is sent (it may be the second): {Message}")]
    public static partial void StopCheckFailed(ILogger logger, string operation, string run, string message);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Information, Message = "CancelMatching {Operation} done at once (dry run: {DryRun}): {Selected} runs selected of {Listed} listed")]
    public static partial void SelectionStored(ILogger logger, string operation, bool dryRun, int selected, int listed);
}
