using Microsoft.Data.Sqlite;

namespace CancelGateway.Storage.Sqlite;

/// <content>The group-commit writer of operation updates and audit events.</content>
internal sealed partial class SqliteOperationStore
{
    private const int MaxWritesPerCommit = 512;

    private async Task RunUpdatesAsync()
    {
        var reader = _updates.Reader;
        var batch = new List<PendingWrite>(MaxWritesPerCommit);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxWritesPerCommit && reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await _writeGate.WaitAsync();
            try
            {
                var results = Write(_ => Commit(batch));
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(results[i]);
                }
            }
            catch (Exception failure)
            {
                foreach (var pending in batch)
                {
                    pending.Result.TrySetException(failure);
                }
            }
            finally
            {
                _writeGate.Release();
                batch.Clear();
            }
        }
    }

    private bool[] Commit(List<PendingWrite> batch)
    {
        var results = new bool[batch.Count];
        using var transaction = Writer.BeginTransaction();
        using var statements = new GroupStatements(Writer, transaction, NowMs());
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = batch[i] switch
            {
                PendingUpdate update => statements.Update(update),
                PendingAudit audit => statements.Append(audit),
                _ => throw new InvalidOperationException("Unknown pending write."),
            };
        }

        transaction.Commit();
        return results;
    }

    private abstract record PendingWrite
    {
        public TaskCompletionSource<bool> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record PendingUpdate(string Name, byte[] Body, bool Done) : PendingWrite;

    private sealed record PendingAudit(long TimeMs, string Principal, byte[] Body, IReadOnlyList<string> Runs) : PendingWrite;

    /// <summary>The prepared statements of one group commit, each made on first use.</summary>
    private sealed class GroupStatements(SqliteConnection connection, SqliteTransaction transaction, long nowMs) : IDisposable
    {
        private SqliteCommand? _update;
        private SqliteCommand? _event;
        private SqliteCommand? _run;

        public bool Update(PendingUpdate update)
        {
            // "AND done = 0": a done operation never changes, whoever tries.
            _update ??= Prepare("UPDATE operations SET body = $body, done = $done, update_time_ms = $now WHERE name = $name AND done = 0;", "$body", "$done", "$now", "$name");
            _update.Parameters["$body"].Value = update.Body;
            _update.Parameters["$done"].Value = update.Done ? 1 : 0;
            _update.Parameters["$now"].Value = nowMs;
            _update.Parameters["$name"].Value = update.Name;
            return _update.ExecuteNonQuery() == 1;
        }

        public bool Append(PendingAudit audit)
        {
            _event ??= Prepare("INSERT INTO audit_events(time_ms, principal, body) VALUES ($time, $principal, $body) RETURNING seq;", "$time", "$principal", "$body");
            _event.Parameters["$time"].Value = audit.TimeMs;
            _event.Parameters["$principal"].Value = audit.Principal;
            _event.Parameters["$body"].Value = audit.Body;
            var sequence = (long)_event.ExecuteScalar()!;
            _run ??= Prepare("INSERT INTO audit_runs(event, run) VALUES ($event, $run);", "$event", "$run");
            foreach (var run in audit.Runs)
            {
                _run.Parameters["$event"].Value = sequence;
                _run.Parameters["$run"].Value = run;
                _run.ExecuteNonQuery();
            }

            return true;
        }

        public void Dispose()
        {
            _update?.Dispose();
            _event?.Dispose();
            _run?.Dispose();
        }

        private SqliteCommand Prepare(string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = parameter });
            }

            return command;
        }
    }
}
