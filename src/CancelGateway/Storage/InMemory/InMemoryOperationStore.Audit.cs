using CancelGateway.V1;
using Google.Protobuf;

namespace CancelGateway.Storage.InMemory;

/// <content>The audit trail: appended, never changed, listed by sequence.</content>
internal sealed partial class InMemoryOperationStore
{
    public Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        lock (_gate)
        {
            _database.Audit.Add(new InMemoryDatabase.AuditRow(_database.Audit.Count + 1, auditEvent.Time.ToDateTimeOffset(), auditEvent.Principal, [.. auditEvent.Runs], auditEvent.ToByteArray()));
        }

        return Task.CompletedTask;
    }

    public Task<AuditPage> ListAsync(AuditQuery query, int pageSize, long afterSequence, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var page = new AuditPageBuilder(pageSize);
            foreach (var row in _database.Audit.Where(r => r.Sequence > afterSequence && Matches(r, query)))
            {
                if (!page.TryAdd(row.Sequence, row.Body))
                {
                    break;
                }
            }

            return Task.FromResult(page.Build());
        }
    }

    private static bool Matches(InMemoryDatabase.AuditRow row, AuditQuery query) =>
        (query.Principal is not { } principal || row.Principal == principal)
        && (query.From is not { } from || row.Time >= from)
        && (query.Until is not { } until || row.Time < until)
        && (query.Run is not { } run || row.Runs.Contains(run, StringComparer.Ordinal));
}
