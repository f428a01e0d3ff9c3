using Google.LongRunning;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace CancelGateway.Storage.Sqlite;

/// <content>The statements, run on a connection (and transaction) the caller holds.</content>
internal sealed partial class SqliteOperationStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _reportedUnreadable = new(StringComparer.Ordinal);
    private volatile bool _failing;

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
            find.CommandText = "SELECT name, body FROM operations WHERE run = $run AND kind = 1 AND done = 0;";
            find.Parameters.AddWithValue("$run", cancel.Run);
            using var reader = find.ExecuteReader();
            if (reader.Read())
            {
                return new CreateOutcome(Parse(reader.GetString(0), (byte[])reader[1]), CreateKind.Joined);
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
        Execute(connection, "INSERT INTO request_ids(request_id, operation, fingerprint, create_time_ms) VALUES ($id, $op, $fp, $now);", transaction, ("$id", claim.Key), ("$op", operationName), ("$fp", claim.Fingerprint), ("$now", NowMs()));

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
        return command.ExecuteScalar() is byte[] body ? Parse(name, body) : null;
    }

    private static Operation Parse(string name, byte[] body) => StoredBodies.Parse(name, body);

    private static bool TryParse(byte[] body, out Operation operation, out Exception failure) => StoredBodies.TryParse(body, out operation, out failure);

    /// <summary>Logs a corrupt row once per process: a listing that meets it on every call must not flood the log.</summary>
    private void ReportUnreadable(string name, Exception failure)
    {
        if (_reportedUnreadable.TryAdd(name, 0))
        {
            StoreLog.UnreadableRow(_logger, name, failure);
        }
    }

    /// <summary>
    /// Runs a write on the writer connection (the caller holds the write gate). A failure of the
    /// database itself becomes <see cref="StoreUnavailableException"/>.
    /// </summary>
    private T Write<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            var result = work(Writer);
            _failing = false;
            return result;
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode != SQLitePCL.raw.SQLITE_CONSTRAINT)
        {
            throw Unavailable(exception);
        }
    }

    /// <summary>Runs a read on a pooled connection; a failure of the database itself becomes <see cref="StoreUnavailableException"/>.</summary>
    private T Read<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = Open();
            return work(connection);
        }
        catch (SqliteException exception)
        {
            throw Unavailable(exception);
        }
    }

    /// <summary>Logged when the store starts failing, not on every request while it keeps failing.</summary>
    private StoreUnavailableException Unavailable(SqliteException exception)
    {
        if (!_failing)
        {
            _failing = true;
            StoreLog.Failed(_logger, _options.Path, exception);
        }

        return new StoreUnavailableException($"The operation store failed: {exception.Message}", exception);
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
