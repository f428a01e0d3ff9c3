using CancelGateway.V1;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace CancelGateway.Storage.Sqlite;

/// <content>The audit trail: appended through the group commit, listed by sequence.</content>
internal sealed partial class SqliteOperationStore
{
    public async Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var pending = new PendingAudit(auditEvent.Time.ToDateTimeOffset().ToUnixTimeMilliseconds(), auditEvent.Principal, auditEvent.ToByteArray(), [.. auditEvent.Runs]);
        ObjectDisposedException.ThrowIf(!_updates.Writer.TryWrite(pending), this);
        await pending.Result.Task.WaitAsync(cancellationToken);
    }

    public Task<AuditPage> ListAsync(AuditQuery query, int pageSize, long afterSequence, CancellationToken cancellationToken) =>
        Task.FromResult(Read(connection => ListAudit(connection, query, pageSize, afterSequence)));

    private static AuditPage ListAudit(SqliteConnection connection, AuditQuery query, int pageSize, long afterSequence)
    {
        using var command = connection.CreateCommand();
        var where = "e.seq > $after";
        command.Parameters.AddWithValue("$after", afterSequence);
        if (query.Principal is { } principal)
        {
            where += " AND e.principal = $principal";
            command.Parameters.AddWithValue("$principal", principal);
        }

        if (query.From is { } from)
        {
            where += " AND e.time_ms >= $from";
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        }

        if (query.Until is { } until)
        {
            where += " AND e.time_ms < $until";
            command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
        }

        if (query.Run is { } run)
        {
            where += " AND EXISTS (SELECT 1 FROM audit_runs r WHERE r.event = e.seq AND r.run = $run)";
            command.Parameters.AddWithValue("$run", run);
        }

        // One row beyond the page says whether there is another.
        command.CommandText = $"SELECT e.seq, e.body FROM audit_events e WHERE {where} ORDER BY e.seq LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", pageSize + 1);
        using var reader = command.ExecuteReader();
        var page = new AuditPageBuilder(pageSize);
        while (reader.Read() && page.TryAdd(reader.GetInt64(0), (byte[])reader[1]))
        {
        }

        return page.Build();
    }
}
