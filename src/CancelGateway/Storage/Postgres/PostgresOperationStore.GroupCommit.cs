using System.Threading.Channels;
using Npgsql;

namespace CancelGateway.Storage.Postgres;

/// <content>
/// The group commit of operation updates and audit events. Writes that wait together go out as
/// one <see cref="NpgsqlBatch"/>: one round trip and one transaction (a batch without an explicit
/// transaction is one implicit transaction, committed at its end, rolled back whole on a failure),
/// so one WAL flush and one turn on the database's notification lock serve the whole group, where
/// a write alone paid both. Each caller still gets its own result: the updates of a group are one
/// multi-row UPDATE whose RETURNING names the rows it changed, with the owner check and "NOT done"
/// applied per row; a failure reaches every caller of the group.
/// </content>
internal sealed partial class PostgresOperationStore
{
    /// <summary>The most writes one group commit carries; more wait for the next.</summary>
    private const int MaxWritesPerCommit = 512;

    /// <summary>
    /// Group commits in flight at once: while one waits for its commit, the next group is
    /// gathered and sent, so the database always has the next group in hand.
    /// </summary>
    private const int GroupWriters = 2;

    /// <summary>
    /// The updates of a group, one row per operation: rows a refused update would change are left
    /// alone (done, or owned by another replica), and the changed names are notified to the other
    /// replicas — a notification per part of at most <see cref="NotifyPartBytes"/> bytes of names,
    /// under PostgreSQL's 8000-byte payload limit — and returned, so each caller learns its result.
    /// </summary>
    private static readonly string GroupUpdateSql = $"""
        WITH input AS (SELECT * FROM unnest(@names::text[], @bodies::bytea[], @dones::boolean[]) AS i(name, body, done)),
        written AS (
          UPDATE operations o SET body = i.body, done = i.done, update_time_ms = @now
          FROM input i
          WHERE o.name = i.name AND NOT o.done AND o.owner IS NOT DISTINCT FROM @owner::text
          RETURNING o.name),
        parts AS (SELECT name, (sum(octet_length(name) + 1) OVER (ORDER BY name) - 1) / {NotifyPartBytes} AS part FROM written),
        told AS (SELECT pg_notify('{PostgresChangeListener.Channel}', @origin || '|' || string_agg(name, '{PostgresChangeListener.NameSeparator}')) FROM parts GROUP BY part)
        SELECT (SELECT count(*) FROM told), ARRAY(SELECT name FROM written);
        """;

    private const string AppendSql = """
        WITH event AS (INSERT INTO audit_events(time_ms, principal, body) VALUES (@time, @principal, @body) RETURNING seq)
        INSERT INTO audit_runs(event, run) SELECT event.seq, run FROM event, unnest(@runs::text[]) AS run;
        """;

    /// <summary>Bytes of operation names per notification: with the origin in front, well under PostgreSQL's 8000.</summary>
    private const int NotifyPartBytes = 7000;

    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _groupWriters;

    /// <summary>Queues a write for the next group commit and waits for that commit.</summary>
    private async Task<bool> CommitInGroupAsync(PendingWrite write, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(write), this);
        return await write.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task RunGroupWriterAsync()
    {
        var reader = _writes.Reader;
        var group = new List<PendingWrite>(MaxWritesPerCommit);
        while (await reader.WaitToReadAsync())
        {
            while (group.Count < MaxWritesPerCommit && reader.TryRead(out var next))
            {
                group.Add(next);
            }

            if (group.Count == 0)
            {
                continue;
            }

            try
            {
                var results = await RunAsync(connection => CommitGroupAsync(connection, group));
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Result.TrySetResult(results[i]);
                }
            }
            catch (Exception failure)
            {
                foreach (var pending in group)
                {
                    pending.Result.TrySetException(failure);
                }
            }
            finally
            {
                group.Clear();
            }
        }
    }

    /// <summary>Sends one group as one batch and returns each write's result, in the group's order.</summary>
    private async Task<bool[]> CommitGroupAsync(NpgsqlConnection connection, List<PendingWrite> group)
    {
        // An operation updated twice in one group (rare: its worker writes one update at a time)
        // needs a statement per update, in order: one UPDATE changes a row once.
        var rounds = new List<List<int>>();
        var roundOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var audits = new List<int>();
        for (var i = 0; i < group.Count; i++)
        {
            if (group[i] is PendingUpdate update)
            {
                var round = roundOf.TryGetValue(update.Name, out var seen) ? seen + 1 : 0;
                roundOf[update.Name] = round;
                if (round == rounds.Count)
                {
                    rounds.Add([]);
                }

                rounds[round].Add(i);
            }
            else
            {
                audits.Add(i);
            }
        }

        await using var batch = new NpgsqlBatch(connection);
        var now = NowMs();
        var owner = (object?)_replica ?? DBNull.Value;
        foreach (var round in rounds)
        {
            var updates = round.ConvertAll(i => (PendingUpdate)group[i]);
            batch.BatchCommands.Add(BatchCommand(
                GroupUpdateSql,
                ("names", updates.ConvertAll(u => u.Name).ToArray()),
                ("bodies", updates.ConvertAll(u => u.Body).ToArray()),
                ("dones", updates.ConvertAll(u => u.Done).ToArray()),
                ("now", now),
                ("owner", owner),
                ("origin", _origin)));
        }

        foreach (var i in audits)
        {
            var audit = (PendingAudit)group[i];
            batch.BatchCommands.Add(BatchCommand(AppendSql, ("time", audit.TimeMs), ("principal", audit.Principal), ("body", audit.Body), ("runs", audit.Runs)));
        }

        var results = new bool[group.Count];
        foreach (var i in audits)
        {
            results[i] = true;
        }

        await using (var reader = await batch.ExecuteReaderAsync())
        {
            foreach (var round in rounds)
            {
                await reader.ReadAsync();
                var written = new HashSet<string>((string[])reader[1], StringComparer.Ordinal);
                foreach (var i in round)
                {
                    results[i] = written.Contains(((PendingUpdate)group[i]).Name);
                }

                await reader.NextResultAsync();
            }

            // Reading to the end surfaces a failure of any statement of the batch, and the
            // batch's ReadyForQuery comes only after its commit: past this, the group is durable.
            while (await reader.NextResultAsync())
            {
            }
        }

        return results;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private async Task StopGroupWritersAsync()
    {
        _writes.Writer.TryComplete();
        await Task.WhenAll(_groupWriters).WaitAsync(TimeSpan.FromSeconds(5));
    }

    private abstract record PendingWrite
    {
        public TaskCompletionSource<bool> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record PendingUpdate(string Name, byte[] Body, bool Done) : PendingWrite;

    private sealed record PendingAudit(long TimeMs, string Principal, byte[] Body, string[] Runs) : PendingWrite;
}
