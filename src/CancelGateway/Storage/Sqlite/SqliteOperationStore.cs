using Google.LongRunning;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes are serialized in-process (SQLite
/// has one writer anyway, and this avoids busy-retry storms); reads run on pooled connections
/// beside them.
/// </summary>
internal sealed partial class SqliteOperationStore : IOperationStore, IOperationLeases, IAuditTrail, IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SqliteOperationStore> _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly System.Threading.Channels.Channel<PendingWrite> _updates = System.Threading.Channels.Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    private SqliteConnection? _writer;
    private Task? _updateLoop;

    public SqliteOperationStore(IOptions<SqliteStoreOptions> options, TimeProvider timeProvider, ILogger<SqliteOperationStore> logger)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        SQLitePCL.Batteries.Init();
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(_options.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <summary>
    /// Creates a new database file readable by its owner only (0600): it holds who cancelled
    /// what and why. SQLite gives the -wal and -shm files the database file's permissions.
    /// </summary>
    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created at the same moment by someone else: theirs stands.
        }
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_options.Path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        CreateOwnerOnly(_options.Path);

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var connection = Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);");
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
            var current = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (current > SqliteSchema.Migrations.Length)
            {
                throw new InvalidOperationException($"The database '{_options.Path}' has schema version {current}, newer than this gateway knows ({SqliteSchema.Migrations.Length}).");
            }

            for (var version = current + 1; version <= SqliteSchema.Migrations.Length; version++)
            {
                using var transaction = connection.BeginTransaction();
                Execute(connection, SqliteSchema.Migrations[version - 1], transaction);
                Execute(connection, $"INSERT INTO schema_version(version) VALUES ({version});", transaction);
                transaction.Commit();
            }

            // One long-lived connection does every write; reads use pooled connections beside it (WAL).
            if (_writer is null)
            {
                _writer = Open();
                // WAL with synchronous=NORMAL: a commit is durable against a process crash (the
                // kill -9 case), and costs no fsync; only a power loss may drop the last commits.
                Execute(_writer, "PRAGMA synchronous = NORMAL;");
            }

            _updateLoop ??= Task.Run(RunUpdatesAsync, CancellationToken.None);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<CreateOutcome> CreateCancelAsync(NewCancel cancel, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return Write(connection =>
            {
                using var transaction = connection.BeginTransaction();
                if (cancel.RequestId is { } claim && FindRequestId(connection, transaction, claim.Key) is { } seen)
                {
                    return new CreateOutcome(Get(connection, transaction, seen.OperationName) ?? throw Missing(seen.OperationName), CreateKind.Replayed, seen.Fingerprint);
                }

                var outcome = InsertOrJoin(connection, transaction, cancel);
                if (cancel.RequestId is { } newClaim)
                {
                    InsertRequestId(connection, transaction, newClaim, outcome.Operation.Name);
                }

                transaction.Commit();
                if (outcome.Kind == CreateKind.Created)
                {
                    Hold(outcome.Operation.Name);
                }

                return outcome;
            });
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<BatchCreateOutcome> CreateBatchAsync(IReadOnlyList<NewCancel> children, Func<IReadOnlyList<string>, IReadOnlyList<bool>, Operation> buildBatch, RequestIdClaim? requestId, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return Write(connection =>
            {
                using var transaction = connection.BeginTransaction();
                if (requestId is not null && FindRequestId(connection, transaction, requestId.Key) is { } seen)
                {
                    return new BatchCreateOutcome(Get(connection, transaction, seen.OperationName) ?? throw Missing(seen.OperationName), CreateKind.Replayed, [], [], seen.Fingerprint);
                }

                var names = new List<string>(children.Count);
                var created = new List<bool>(children.Count);
                foreach (var child in children)
                {
                    var outcome = InsertOrJoin(connection, transaction, child);
                    names.Add(outcome.Operation.Name);
                    created.Add(outcome.Kind == CreateKind.Created);
                }

                var batch = buildBatch(names, created);
                Insert(connection, transaction, batch, OperationKind.Batch, run: null, parent: null);
                if (requestId is not null)
                {
                    InsertRequestId(connection, transaction, requestId, batch.Name);
                }

                transaction.Commit();
                Hold(batch.Name);
                for (var i = 0; i < names.Count; i++)
                {
                    if (created[i])
                    {
                        Hold(names[i]);
                    }
                }

                return new BatchCreateOutcome(batch, CreateKind.Created, names, created);
            });
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task<RequestIdRecord?> FindRequestIdAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(Read(connection => FindRequestId(connection, null, requestId)));

    public Task<Operation?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Read(connection => Get(connection, null, name)));

    public Task<string?> FindLatestForRunAsync(string run, CancellationToken cancellationToken) =>
        Task.FromResult(Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM operations WHERE run = $run AND kind = 1 ORDER BY seq DESC LIMIT 1;";
            command.Parameters.AddWithValue("$run", run);
            return command.ExecuteScalar() as string;
        }));

    public async Task<bool> UpdateAsync(Operation operation, CancellationToken cancellationToken)
    {
        // Group commit: every update waiting when the writer comes round goes into one
        // transaction, so a thousand runs changing at once cost a few commits, not a thousand.
        var pending = new PendingUpdate(operation.Name, operation.ToByteArray(), operation.Done);
        ObjectDisposedException.ThrowIf(!_updates.Writer.TryWrite(pending), this);

        var updated = await pending.Result.Task.WaitAsync(cancellationToken);
        if (operation.Done)
        {
            Release(operation.Name);
        }

        return updated;
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return Write(connection =>
            {
                using var transaction = connection.BeginTransaction();
                var operation = Get(connection, transaction, name);
                if (operation is null)
                {
                    return false;
                }

                if (!operation.Done)
                {
                    throw new InvalidOperationException($"Operation {name} is not done; it cannot be deleted.");
                }

                // The request id stays claimed: a late retry of the request that created this operation
                // must find it deleted, not cancel the run a second time.
                Execute(connection, "DELETE FROM operations WHERE name = $name;", transaction, ("$name", name));
                transaction.Commit();
                return true;
            });
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            return false;
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            // A write probe, not a read: a read-only file or directory still answers SELECTs.
            // BEGIN IMMEDIATE takes the write lock and the UPDATE touches no row, so the probe
            // writes nothing; the rollback (on dispose) releases the lock.
            using var transaction = _writer.BeginTransaction(deferred: false);
            Execute(_writer, "UPDATE schema_version SET version = version WHERE 0;", transaction);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        _updates.Writer.TryComplete();
        _updateLoop?.Wait(TimeSpan.FromSeconds(5));
        _writer?.Dispose();
        _writeGate.Dispose();
    }

    private SqliteConnection Writer => _writer ?? throw new InvalidOperationException("The store is not initialized: call InitializeAsync first.");
}
