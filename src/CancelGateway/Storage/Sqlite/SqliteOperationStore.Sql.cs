using Google.LongRunning;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace CancelGateway.Storage.Sqlite;

/// <content>The statements, run on a connection (and transaction) the caller holds.</content>
internal sealed partial class SqliteOperationStore
{
    private SqliteConnection Open()
    {
        // Pooled; lock waits are bounded by DefaultTimeout (Microsoft.Data.Sqlite retries SQLITE_BUSY until then).
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private CreateOutcome InsertOrJoin(SqliteConnection connection, SqliteTransaction transaction, NewCancel cancel)
    {
        using (var find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = "SELECT body FROM operations WHERE run = $run AND kind = 1 AND done = 0;";
            find.Parameters.AddWithValue("$run", cancel.Run);
            if (find.ExecuteScalar() is byte[] active)
            {
                return new CreateOutcome(Operation.Parser.ParseFrom(active), CreateKind.Joined);
            }
        }

        Insert(connection, transaction, cancel.Operation, OperationKind.Cancel, cancel.Run, cancel.Parent);
        return new CreateOutcome(cancel.Operation, CreateKind.Created);
    }

    private void Insert(SqliteConnection connection, SqliteTransaction transaction, Operation operation, OperationKind kind, string? run, string? parent)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO operations(name, kind, run, parent, done, create_time_ms, update_time_ms, body) VALUES ($name, $kind, $run, $parent, $done, $now, $now, $body);";
        insert.Parameters.AddWithValue("$name", operation.Name);
        insert.Parameters.AddWithValue("$kind", (int)kind);
        insert.Parameters.AddWithValue("$run", (object?)run ?? DBNull.Value);
        insert.Parameters.AddWithValue("$parent", (object?)parent ?? DBNull.Value);
        insert.Parameters.AddWithValue("$done", operation.Done ? 1 : 0);
        insert.Parameters.AddWithValue("$now", NowMs());
        insert.Parameters.AddWithValue("$body", operation.ToByteArray());
        insert.ExecuteNonQuery();
    }

    private void InsertRequestId(SqliteConnection connection, SqliteTransaction transaction, RequestIdClaim claim, string operationName) =>
        Execute(connection, "INSERT INTO request_ids(request_id, operation, fingerprint, create_time_ms) VALUES ($id, $op, $fp, $now);", transaction, ("$id", claim.RequestId), ("$op", operationName), ("$fp", claim.Fingerprint), ("$now", NowMs()));

    private static RequestIdRecord? FindRequestId(SqliteConnection connection, SqliteTransaction? transaction, string requestId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT operation, fingerprint FROM request_ids WHERE request_id = $id;";
        command.Parameters.AddWithValue("$id", requestId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new RequestIdRecord(reader.GetString(0), reader.GetString(1)) : null;
    }

    private static Operation? Get(SqliteConnection connection, SqliteTransaction? transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT body FROM operations WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is byte[] body ? Operation.Parser.ParseFrom(body) : null;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static InvalidOperationException Missing(string name) => new($"Request id points at operation {name}, which is not in the store.");

    private long NowMs() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
}
