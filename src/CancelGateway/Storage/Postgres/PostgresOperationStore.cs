using Google.LongRunning;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CancelGateway.Storage.Postgres;

/// <summary>
/// The store on PostgreSQL, for several replicas on one database: the same guarantees as the
/// SQLite store, enforced by the database across replicas (a join is a conflict on the
/// partial unique index of runs in flight, a request id a primary key, a done operation a
/// trigger). Connections come from one pooled <see cref="NpgsqlDataSource"/>. Every change of
/// an existing operation tells the other replicas, in the same statement: a <c>pg_notify</c> on
/// <see cref="PostgresChangeListener.Channel"/>, sent by the database when the write commits (a
/// new operation's insert tells no one: nobody can follow it yet).
/// Creates without a request id, updates and audit events are group-committed: those waiting
/// together share one transaction and one notification.
/// </summary>
internal sealed partial class PostgresOperationStore : IOperationStore, IOperationLeases, IAuditTrail, IAsyncDisposable
{
    /// <summary>How many times a create is tried again when a concurrent writer changed what it read (a join target that just finished).</summary>
    private const int CreateAttempts = 5;

    private readonly NpgsqlDataSource _data;
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly NpgsqlDataSource _leaseData;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresOperationStore> _logger;

    public PostgresOperationStore(IOptions<PostgresStoreOptions> options, TimeProvider time, ILogger<PostgresOperationStore> logger)
    {
        _time = time;
        _logger = logger;
        _data = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(options.Value.ConnectionString!)
        {
            // The store sets no session state (no SET, no LISTEN, no prepared statements of its
            // own: the listener has its own unpooled connection), so the DISCARD ALL that Npgsql
            // would put in front of each pooled connection's next command is work for nothing.
            NoResetOnClose = true,
        }.ConnectionString);

        // The lease's renewal must not queue behind a thousand workers' writes for a pooled
        // connection: a late renewal stops every worker. It has a small pool of its own.
        _leaseData = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(options.Value.ConnectionString!) { MaxPoolSize = 2, ApplicationName = "cancelgateway-lease", NoResetOnClose = true }.ConnectionString);
        _groupWriter = Task.Run(RunGroupWriterAsync, CancellationToken.None);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@lock);", cancellationToken, ("lock", PostgresSchema.MigrationLock));
            await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);", cancellationToken);
            var current = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version;", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (current > PostgresSchema.Migrations.Length)
            {
                throw new InvalidOperationException($"The PostgreSQL database has schema version {current}, newer than this gateway knows ({PostgresSchema.Migrations.Length}).");
            }

            for (var version = current + 1; version <= PostgresSchema.Migrations.Length; version++)
            {
                await ExecuteAsync(connection, transaction, PostgresSchema.Migrations[version - 1], cancellationToken);
                await ExecuteAsync(connection, transaction, "INSERT INTO schema_version(version) VALUES (@version);", cancellationToken, ("version", version));
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        });
    }

    public Task<CreateOutcome> CreateCancelAsync(NewCancel cancel, CancellationToken cancellationToken) =>
        cancel.RequestId is null ? CreateInGroupAsync(cancel, cancellationToken) : CreateAsync(async (connection, transaction) =>
        {
            if (cancel.RequestId is { } claim && await FindRequestIdAsync(connection, transaction, claim.Key, cancellationToken) is { } seen)
            {
                return (new CreateOutcome(await GetAsync(connection, transaction, seen.OperationName, cancellationToken) ?? throw Missing(seen.OperationName), CreateKind.Replayed, seen.Fingerprint), true);
            }

            if (await InsertOrJoinAsync(connection, transaction, cancel, cancellationToken) is not { } outcome)
            {
                return (null, false);
            }

            if (cancel.RequestId is { } newClaim && !await ClaimRequestIdAsync(connection, transaction, newClaim, outcome.Operation.Name, cancellationToken))
            {
                return (null, false);
            }

            return (outcome, true);
        }, cancellationToken);

    /// <summary>
    /// A create without a request id: the insert goes out in the next group commit (it needs no
    /// transaction of its own: nothing else is written with it); when the run has an operation in
    /// flight, the create joins that one, and tries again if it finished meanwhile.
    /// </summary>
    private async Task<CreateOutcome> CreateInGroupAsync(NewCancel cancel, CancellationToken cancellationToken)
    {
        for (var i = 0; i < CreateAttempts; i++)
        {
            if (await CommitInGroupAsync(new PendingCreate(cancel), cancellationToken))
            {
                return new CreateOutcome(cancel.Operation, CreateKind.Created);
            }

            if (await RunAsync(connection => FindInFlightAsync(connection, null, cancel.Run, cancellationToken)) is { } joined)
            {
                return joined;
            }
        }

        throw new InvalidOperationException($"The create did not settle after {CreateAttempts} attempts (concurrent writers kept changing the run).");
    }

    public Task<BatchCreateOutcome> CreateBatchAsync(IReadOnlyList<NewCancel> children, Func<IReadOnlyList<string>, IReadOnlyList<bool>, Operation> buildBatch, RequestIdClaim? requestId, CancellationToken cancellationToken) =>
        CreateAsync<BatchCreateOutcome>(async (connection, transaction) =>
        {
            if (requestId is not null && await FindRequestIdAsync(connection, transaction, requestId.Key, cancellationToken) is { } seen)
            {
                return (new BatchCreateOutcome(await GetAsync(connection, transaction, seen.OperationName, cancellationToken) ?? throw Missing(seen.OperationName), CreateKind.Replayed, [], [], seen.Fingerprint), true);
            }

            var names = new List<string>(children.Count);
            var created = new List<bool>(children.Count);
            foreach (var child in children)
            {
                if (await InsertOrJoinAsync(connection, transaction, child, cancellationToken) is not { } outcome)
                {
                    return (null, false);
                }

                names.Add(outcome.Operation.Name);
                created.Add(outcome.Kind == CreateKind.Created);
            }

            var batch = buildBatch(names, created);
            await InsertAsync(connection, transaction, batch, OperationKind.Batch, run: null, parent: null, cancellationToken);
            if (requestId is not null && !await ClaimRequestIdAsync(connection, transaction, requestId, batch.Name, cancellationToken))
            {
                return (null, false);
            }

            return (new BatchCreateOutcome(batch, CreateKind.Created, names, created), true);
        }, cancellationToken);

    public Task<RequestIdRecord?> FindRequestIdAsync(string requestIdKey, CancellationToken cancellationToken) =>
        RunAsync(connection => FindRequestIdAsync(connection, null, requestIdKey, cancellationToken));

    public Task<Operation?> GetAsync(string name, CancellationToken cancellationToken) =>
        RunAsync(connection => GetAsync(connection, null, name, cancellationToken));

    public Task<string?> FindLatestForRunAsync(string run, CancellationToken cancellationToken) =>
        RunAsync(async connection => await ScalarAsync(connection, null, "SELECT name FROM operations WHERE run = @run AND kind = 1 ORDER BY seq DESC LIMIT 1;", cancellationToken, ("run", run)) as string);

    /// <summary>
    /// Stores the operation's new state unless it is done or owned by another replica, in the
    /// next group commit (see <see cref="CommitInGroupAsync"/>).
    /// </summary>
    public Task<bool> UpdateAsync(Operation operation, CancellationToken cancellationToken) =>
        CommitInGroupAsync(new PendingUpdate(operation.Name, operation.ToByteArray(), operation.Done), cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var done = await ScalarAsync(connection, transaction, "SELECT done FROM operations WHERE name = @name FOR UPDATE;", cancellationToken, ("name", name));
            if (done is not bool isDone)
            {
                return false;
            }

            if (!isDone)
            {
                throw new InvalidOperationException($"Operation {name} is not done; it cannot be deleted.");
            }

            // The request id stays claimed: a late retry must find the operation deleted, not cancel again.
            await WriteAsync(connection, transaction, "DELETE FROM operations WHERE name = @name", cancellationToken, ("name", name));
            await transaction.CommitAsync(cancellationToken);
            return true;
        });

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A write probe: a read-only replica or a full disk must not look healthy.
            return await RunAsync(async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, "UPDATE schema_version SET version = version WHERE false;", cancellationToken);
                return true;
            });
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }

    /// <summary>
    /// This store's mark on the notifications it sends (one per process): the change listener
    /// of the same replica skips them, since the engine has published those changes already.
    /// </summary>
    public string Origin => _origin;

    public async ValueTask DisposeAsync()
    {
        await StopGroupWriterAsync();
        await _leaseData.DisposeAsync();
        await _data.DisposeAsync();
    }
}
