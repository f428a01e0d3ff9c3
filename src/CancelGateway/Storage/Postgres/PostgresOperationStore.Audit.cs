using CancelGateway.V1;
using Google.Protobuf;

namespace CancelGateway.Storage.Postgres;

/// <content>The audit trail: one statement appends an event and its runs, group-committed with the updates.</content>
internal sealed partial class PostgresOperationStore
{
    /// <summary>Appends an event and its runs in the next group commit (see <see cref="CommitInGroupAsync"/>).</summary>
    public Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return CommitInGroupAsync(
            new PendingAudit(auditEvent.Time.ToDateTimeOffset().ToUnixTimeMilliseconds(), auditEvent.Principal, auditEvent.ToByteArray(), [.. auditEvent.Runs]),
            cancellationToken);
    }

    public Task<AuditPage> ListAsync(AuditQuery query, int pageSize, long afterSequence, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            var where = "e.seq > @after";
            var parameters = new List<(string, object)> { ("after", afterSequence), ("limit", pageSize + 1) };
            if (query.Principal is { } principal)
            {
                where += " AND e.principal = @principal";
                parameters.Add(("principal", principal));
            }

            if (query.From is { } from)
            {
                where += " AND e.time_ms >= @from";
                parameters.Add(("from", from.ToUnixTimeMilliseconds()));
            }

            if (query.Until is { } until)
            {
                where += " AND e.time_ms < @until";
                parameters.Add(("until", until.ToUnixTimeMilliseconds()));
            }

            if (query.Run is { } run)
            {
                where += " AND EXISTS (SELECT 1 FROM audit_runs r WHERE r.event = e.seq AND r.run = @run)";
                parameters.Add(("run", run));
            }

            await using var command = Command(connection, null, $"SELECT e.seq, e.body FROM audit_events e WHERE {where} ORDER BY e.seq LIMIT @limit;", [.. parameters]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var page = new AuditPageBuilder(pageSize);
            while (await reader.ReadAsync(cancellationToken) && page.TryAdd(reader.GetInt64(0), (byte[])reader[1]))
            {
            }

            return page.Build();
        });
}
