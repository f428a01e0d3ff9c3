using CancelGateway.Operations;
using CancelGateway.Storage;
using CancelGateway.V1;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Security;

/// <summary>
/// Writes one audit event per decision about a Cancel, BatchCancel or CancelMatching (accepted,
/// joined, replayed, refused, listed by a dry run), to the store and as one structured log line. The write is awaited
/// before the caller is answered, and not tied to the caller's cancellation: an answered
/// request is on record.
/// </summary>
internal sealed class AuditRecorder(IAuditTrail trail, TimeProvider time, ILogger<AuditRecorder> logger)
{
    private const int RunsInLogLine = 5;

    public Task AdmittedAsync(Caller caller, string method, IReadOnlyList<string> runs, string requestId, string reason, CancelMode mode, Admission admission) =>
        RecordAsync(caller, method, runs, requestId, reason, mode, DecisionOf(admission.Kind), string.Empty, admission.Operation.Name);

    /// <summary>A dry run showed <paramref name="runs"/> to the caller (what a policy let it see is on record too).</summary>
    public Task ListedAsync(Caller caller, string method, IReadOnlyList<string> runs, string requestId, string reason, CancelMode mode, string operation) =>
        RecordAsync(caller, method, runs, requestId, reason, mode, AuditDecision.Listed, string.Empty, operation);

    public Task RefusedAsync(Caller caller, string method, IReadOnlyList<string> runs, string requestId, string reason, CancelMode mode, string why) =>
        RecordAsync(caller, method, runs, requestId, reason, mode, AuditDecision.Refused, why, string.Empty);

    private async Task RecordAsync(Caller caller, string method, IReadOnlyList<string> runs, string requestId, string reason, CancelMode mode, AuditDecision decision, string detail, string operation)
    {
        var auditEvent = new AuditEvent
        {
            Time = OperationSnapshots.Time(time.GetUtcNow()),
            Principal = caller.Principal,
            Authentication = caller.Method,
            Source = caller.Source,
            Method = method,
            Runs = { runs },
            RequestId = requestId,
            Reason = reason,
            Mode = mode,
            Decision = decision,
            Detail = detail,
            Operation = operation,
        };
        await trail.AppendAsync(auditEvent, CancellationToken.None);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var shown = string.Join(", ", runs.Take(RunsInLogLine)) + (runs.Count > RunsInLogLine ? ", ..." : string.Empty);
            SecurityLog.Audit(logger, decision, method, caller.Principal, caller.Method, caller.Source, runs.Count, shown, requestId, mode, detail, operation);
        }
    }

    private static AuditDecision DecisionOf(CreateKind kind) => kind switch
    {
        CreateKind.Created => AuditDecision.Accepted,
        CreateKind.Joined => AuditDecision.Joined,
        CreateKind.Replayed => AuditDecision.Replayed,
        _ => AuditDecision.Unspecified,
    };
}
