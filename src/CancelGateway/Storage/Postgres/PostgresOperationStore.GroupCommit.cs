using System.Threading.Channels;
using Google.Protobuf;
using Npgsql;

namespace CancelGateway.Storage.Postgres;

/// <content>
/// The group commit of creates without a request id, operation updates and audit events. Writes that wait together go out as
/// one <see cref="NpgsqlBatch"/>: one round trip and one transaction (a batch without an explicit
/// transaction is one implicit transaction, committed at its end, rolled back whole on a failure),
/// so one WAL flush and one turn on the database's notification lock serve the whole group, where
/// a write alone paid both. Each caller still gets its own result: the updates of a group are one
/// multi-row UPDATE whose RETURNING names the rows it changed, with the owner check and "NOT done"
/// applied per row; a failure reaches every caller of the group. One writer sends one group at a
/// time, so writes commit in the order they were queued (a second writer, sending the next group
/// while one commits, measured no faster: the database serializes notifying commits anyway).
/// </content>
internal sealed partial class PostgresOperationStore
{
    /// <summary>The most writes one group commit carries; more wait for the next.</summary>
    private const int MaxWritesPerCommit = 512;

    /// <summary>How many times a group rolled back by a deadlock (with a transaction that locks rows in another order: a batch create) is sent again.</summary>
    private const int GroupAttempts = 3;

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

    /// <summary>
    /// The creates of a group (those without a request id), one row per operation, each leased to
    /// this replica; a run with an operation in flight skips its row (the caller then joins that
    /// one), and so does the second of two creates of one run in the group. RETURNING names the
    /// rows inserted. No notification: nobody can follow an operation before its create commits.
    /// </summary>
    private const string GroupInsertSql = """
        INSERT INTO operations(name, kind, run, parent, done, create_time_ms, update_time_ms, body, owner)
        SELECT i.name, 1, i.run, i.parent, i.done, @now, @now, i.body, @owner::text
        FROM unnest(@names::text[], @runs::text[], @parents::text[], @dones::boolean[], @bodies::bytea[]) WITH ORDINALITY AS i(name, run, parent, done, body, position)
        ORDER BY i.run, i.position
        ON CONFLICT (run) WHERE NOT done AND kind = 1 DO NOTHING
        RETURNING name;
        """;

    private const string AppendSql = """
        WITH event AS (INSERT INTO audit_events(time_ms, principal, body) VALUES (@time, @principal, @body) RETURNING seq)
        INSERT INTO audit_runs(event, run) SELECT event.seq, run FROM event, unnest(@runs::text[]) AS run;
        """;

    /// <summary>Bytes of operation names per notification: with the origin in front, well under PostgreSQL's 8000.</summary>
    private const int NotifyPartBytes = 7000;

    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _groupWriter;

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
                var results = await CommitGroupAsync(group);
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

    /// <summary>
    /// Commits one group, again when the database broke a deadlock by rolling it back (the whole
    /// batch was undone, so sending it again writes each change once).
    /// </summary>
    private async Task<bool[]> CommitGroupAsync(List<PendingWrite> group)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunAsync(connection => CommitGroupAsync(connection, group));
            }
            catch (StoreUnavailableException failure) when (attempt < GroupAttempts && failure.InnerException is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected })
            {
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
        var creates = new List<int>();
        for (var i = 0; i < group.Count; i++)
        {
            if (group[i] is PendingCreate)
            {
                creates.Add(i);
            }
            else if (group[i] is PendingUpdate update)
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
        if (creates.Count > 0)
        {
            var cancels = creates.ConvertAll(i => ((PendingCreate)group[i]).Cancel);
            batch.BatchCommands.Add(BatchCommand(
                GroupInsertSql,
                ("names", cancels.ConvertAll(c => c.Operation.Name).ToArray()),
                ("runs", cancels.ConvertAll(c => c.Run).ToArray()),
                ("parents", cancels.ConvertAll(c => c.Parent).ToArray()),
                ("dones", cancels.ConvertAll(c => c.Operation.Done).ToArray()),
                ("bodies", cancels.ConvertAll(c => c.Operation.ToByteArray()).ToArray()),
                ("now", now),
                ("owner", owner)));
        }

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
            if (creates.Count > 0)
            {
                var inserted = new HashSet<string>(StringComparer.Ordinal);
                while (await reader.ReadAsync())
                {
                    inserted.Add(reader.GetString(0));
                }

                foreach (var i in creates)
                {
                    results[i] = inserted.Contains(((PendingCreate)group[i]).Cancel.Operation.Name);
                }

                await reader.NextResultAsync();
            }

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

    private async Task StopGroupWriterAsync()
    {
        _writes.Writer.TryComplete();
        await _groupWriter.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private abstract record PendingWrite
    {
        public TaskCompletionSource<bool> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A create without a request id; its result says whether its row was inserted (false: the run has one in flight).</summary>
    private sealed record PendingCreate(NewCancel Cancel) : PendingWrite;

    private sealed record PendingUpdate(string Name, byte[] Body, bool Done) : PendingWrite;

    private sealed record PendingAudit(long TimeMs, string Principal, byte[] Body, string[] Runs) : PendingWrite;
}
