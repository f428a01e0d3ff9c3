using Google.LongRunning;
using Google.Protobuf;
using Npgsql;

namespace CancelGateway.Storage.Postgres;

/// <content>The statements, on a connection (and transaction) the caller holds, and the error boundary.</content>
internal sealed partial class PostgresOperationStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _reportedUnreadable = new(StringComparer.Ordinal);
    private volatile bool _failing;

    /// <summary>
    /// Runs one create in a transaction, again when it reports that a concurrent writer got in
    /// between (false): a run's operation in flight finished between the insert and the join's
    /// read, or another request stored the same request id first.
    /// </summary>
    private Task<T> CreateAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<(T? Outcome, bool Complete)>> attempt, CancellationToken cancellationToken)
        where T : class =>
        RunAsync(async connection =>
        {
            for (var i = 0; i < CreateAttempts; i++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var (outcome, complete) = await attempt(connection, transaction);
                if (complete)
                {
                    await transaction.CommitAsync(cancellationToken);
                    return outcome!;
                }

                await transaction.RollbackAsync(cancellationToken);
            }

            throw new InvalidOperationException($"The create did not settle after {CreateAttempts} attempts (concurrent writers kept changing the run).");
        });

    /// <summary>Inserts the run's operation, or finds the one in flight (the join); null when that one finished meanwhile.</summary>
    private async Task<CreateOutcome?> InsertOrJoinAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewCancel cancel, CancellationToken cancellationToken)
    {
        // A conflict on the partial index waits for the other writer's transaction, then skips.
        // No notification: see InsertAsync.
        var inserted = await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO operations(name, kind, run, parent, done, create_time_ms, update_time_ms, body, owner) VALUES (@name, 1, @run, @parent, @done, @now, @now, @body, @owner) ON CONFLICT (run) WHERE NOT done AND kind = 1 DO NOTHING",
            cancellationToken,
            ("owner", (object?)_replica ?? DBNull.Value),
            ("name", cancel.Operation.Name),
            ("run", cancel.Run),
            ("parent", (object?)cancel.Parent ?? DBNull.Value),
            ("done", cancel.Operation.Done),
            ("now", NowMs()),
            ("body", cancel.Operation.ToByteArray()));
        if (inserted == 1)
        {
            return new CreateOutcome(cancel.Operation, CreateKind.Created);
        }

        return await FindInFlightAsync(connection, transaction, cancel.Run, cancellationToken);
    }

    /// <summary>The run's operation in flight, as a join; null when there is none (it finished meanwhile).</summary>
    private static async Task<CreateOutcome?> FindInFlightAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string run, CancellationToken cancellationToken)
    {
        await using var find = Command(connection, transaction, "SELECT name, body FROM operations WHERE run = @run AND kind = 1 AND NOT done;", ("run", run));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new CreateOutcome(StoredBodies.Parse(reader.GetString(0), (byte[])reader[1]), CreateKind.Joined) : null;
    }

    /// <summary>
    /// Inserts a new operation. It tells no other replica: nobody can follow an operation (watch,
    /// cache) before its name is known, and its name is known only once this insert commits —
    /// from then on, every write of it notifies. Leaving the notification out keeps a create's
    /// commit off PostgreSQL's database-wide notification lock, so concurrent creates share WAL
    /// flushes instead of committing one after another.
    /// </summary>
    private async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Operation operation, OperationKind kind, string? run, string? parent, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO operations(name, kind, run, parent, done, create_time_ms, update_time_ms, body, owner) VALUES (@name, @kind, @run, @parent, @done, @now, @now, @body, @owner)",
            cancellationToken,
            ("owner", (object?)_replica ?? DBNull.Value),
            ("name", operation.Name),
            ("kind", (int)kind),
            ("run", (object?)run ?? DBNull.Value),
            ("parent", (object?)parent ?? DBNull.Value),
            ("done", operation.Done),
            ("now", NowMs()),
            ("body", operation.ToByteArray()));

    /// <summary>Records the request id; false when another request stored it first (the caller replays that one).</summary>
    private async Task<bool> ClaimRequestIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RequestIdClaim claim, string operationName, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO request_ids(request_id, operation, fingerprint, create_time_ms) VALUES (@id, @operation, @fingerprint, @now) ON CONFLICT (request_id) DO NOTHING;",
            cancellationToken,
            ("id", claim.Key),
            ("operation", operationName),
            ("fingerprint", claim.Fingerprint),
            ("now", NowMs())) == 1;

    private static async Task<RequestIdRecord?> FindRequestIdAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT operation, fingerprint FROM request_ids WHERE request_id = @id;", ("id", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new RequestIdRecord(reader.GetString(0), reader.GetString(1)) : null;
    }

    private static async Task<Operation?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, transaction, "SELECT body FROM operations WHERE name = @name;", cancellationToken, ("name", name)) is byte[] body ? StoredBodies.Parse(name, body) : null;

    /// <summary>Runs work on a pooled connection; a failure of the database itself becomes <see cref="StoreUnavailableException"/>.</summary>
    private Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work) => RunAsync(_data, work);

    /// <summary>Runs work on a connection of <paramref name="data"/> (the operations' pool, or the leases' own).</summary>
    private async Task<T> RunAsync<T>(NpgsqlDataSource data, Func<NpgsqlConnection, Task<T>> work)
    {
        try
        {
            await using var connection = await data.OpenConnectionAsync();
            var result = await work(connection);
            _failing = false;
            return result;
        }
        catch (NpgsqlException exception) when (exception is not PostgresException { SqlState: ['2', '3', ..] })
        {
            if (!_failing)
            {
                _failing = true;
                StoreLog.Failed(_logger, "PostgreSQL", exception);
            }

            throw new StoreUnavailableException($"The operation store failed: {exception.Message}", exception);
        }
    }

    private void ReportUnreadable(string name, Exception failure)
    {
        if (_reportedUnreadable.TryAdd(name, 0))
        {
            StoreLog.UnreadableRow(_logger, name, failure);
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Runs one INSERT, UPDATE or DELETE of operations (<paramref name="write"/>, without its
    /// RETURNING clause) and, in the same statement, a notification per operation written: the
    /// database delivers it when the write commits, and never when it rolls back. Returns the
    /// number of operations written.
    /// </summary>
    private async Task<long> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string write, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var sql = $"WITH written AS ({write} RETURNING name) SELECT count(*) FROM (SELECT pg_notify('{PostgresChangeListener.Channel}', @origin || '|' || name) FROM written) AS told;";
        return (long)(await ScalarAsync(connection, transaction, sql, cancellationToken, [.. parameters, ("origin", _origin)]))!;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    private static InvalidOperationException Missing(string name) => new($"Request id points at operation {name}, which is not in the store.");

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
