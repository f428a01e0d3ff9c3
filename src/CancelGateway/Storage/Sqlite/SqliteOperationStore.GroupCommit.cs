using Microsoft.Data.Sqlite;

namespace CancelGateway.Storage.Sqlite;

/// <content>The group-commit writer of operation updates.</content>
internal sealed partial class SqliteOperationStore
{
    private const int MaxUpdatesPerCommit = 512;

    private async Task RunUpdatesAsync()
    {
        var reader = _updates.Reader;
        var batch = new List<PendingUpdate>(MaxUpdatesPerCommit);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxUpdatesPerCommit && reader.TryRead(out var next))
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

    private bool[] Commit(List<PendingUpdate> batch)
    {
        var results = new bool[batch.Count];
        using var transaction = Writer.BeginTransaction();
        using var command = Writer.CreateCommand();
        command.Transaction = transaction;
        // "AND done = 0": a done operation never changes, whoever tries.
        command.CommandText = "UPDATE operations SET body = $body, done = $done, update_time_ms = $now WHERE name = $name AND done = 0;";
        var body = command.Parameters.Add("$body", SqliteType.Blob);
        var done = command.Parameters.Add("$done", SqliteType.Integer);
        var now = command.Parameters.Add("$now", SqliteType.Integer);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        now.Value = NowMs();
        for (var i = 0; i < batch.Count; i++)
        {
            body.Value = batch[i].Body;
            done.Value = batch[i].Done ? 1 : 0;
            name.Value = batch[i].Name;
            results[i] = command.ExecuteNonQuery() == 1;
        }

        transaction.Commit();
        return results;
    }

    private sealed record PendingUpdate(string Name, byte[] Body, bool Done)
    {
        public TaskCompletionSource<bool> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
