using Google.LongRunning;
using Google.Protobuf;

namespace CancelGateway.Storage.InMemory;

/// <summary>
/// A store in this process's memory, for engine tests that want no database and a fake clock:
/// the same guarantees as the SQLite and PostgreSQL stores (one cancellation in flight per run,
/// request-id replay, done operations never changing, an append-only audit trail), held by one
/// lock instead of a database. Bodies are kept serialized, as a database keeps them, so no
/// caller shares a snapshot object with the store. Several stores over one
/// <see cref="InMemoryDatabase"/> are several replicas on one database, each with its lease.
/// Nothing survives the process.
/// </summary>
internal sealed partial class InMemoryOperationStore : IOperationStore, IOperationLeases, IAuditTrail
{
    private readonly InMemoryDatabase _database;
    private readonly Lock _gate;
    private readonly Dictionary<string, InMemoryDatabase.OperationRow> _byName;
    private readonly SortedList<long, InMemoryDatabase.OperationRow> _bySequence;
    private readonly Dictionary<string, string> _inFlightByRun;
    private readonly Dictionary<string, RequestIdRecord> _requestIds;

    /// <summary>A store of its own, on the system clock.</summary>
    public InMemoryOperationStore()
        : this(new InMemoryDatabase(TimeProvider.System))
    {
    }

    /// <summary>A replica's store over a shared <paramref name="database"/>.</summary>
    public InMemoryOperationStore(InMemoryDatabase database)
    {
        _database = database;
        _gate = database.Gate;
        _byName = database.ByName;
        _bySequence = database.BySequence;
        _inFlightByRun = database.InFlightByRun;
        _requestIds = database.RequestIds;
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<CreateOutcome> CreateCancelAsync(NewCancel cancel, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (cancel.RequestId is { } claim && _requestIds.TryGetValue(claim.Key, out var seen))
            {
                return Task.FromResult(new CreateOutcome(Read(seen.OperationName), CreateKind.Replayed, seen.Fingerprint));
            }

            var outcome = InsertOrJoin(cancel);
            if (cancel.RequestId is { } newClaim)
            {
                _requestIds[newClaim.Key] = new RequestIdRecord(outcome.Operation.Name, newClaim.Fingerprint);
            }

            return Task.FromResult(outcome);
        }
    }

    public Task<BatchCreateOutcome> CreateBatchAsync(IReadOnlyList<NewCancel> children, Func<IReadOnlyList<string>, IReadOnlyList<bool>, Operation> buildBatch, RequestIdClaim? requestId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (requestId is not null && _requestIds.TryGetValue(requestId.Key, out var seen))
            {
                return Task.FromResult(new BatchCreateOutcome(Read(seen.OperationName), CreateKind.Replayed, [], [], seen.Fingerprint));
            }

            // All or nothing, as in one transaction: nothing is kept until the batch is built.
            var outcomes = new List<CreateOutcome>(children.Count);
            var inFlight = new Dictionary<string, Operation>(StringComparer.Ordinal);
            foreach (var child in children)
            {
                outcomes.Add(inFlight.TryGetValue(child.Run, out var joined) || (_inFlightByRun.TryGetValue(child.Run, out var running) && (joined = Read(running)) is not null)
                    ? new CreateOutcome(joined, CreateKind.Joined)
                    : new CreateOutcome(child.Operation, CreateKind.Created));
                inFlight.TryAdd(child.Run, outcomes[^1].Operation);
            }

            var names = outcomes.Select(o => o.Operation.Name).ToList();
            var created = outcomes.Select(o => o.Kind == CreateKind.Created).ToList();
            var batch = buildBatch(names, created);
            for (var i = 0; i < children.Count; i++)
            {
                if (created[i])
                {
                    Insert(children[i].Operation, OperationKind.Cancel, children[i].Run);
                }
            }

            Insert(batch, OperationKind.Batch, run: null);
            if (requestId is not null)
            {
                _requestIds[requestId.Key] = new RequestIdRecord(batch.Name, requestId.Fingerprint);
            }

            return Task.FromResult(new BatchCreateOutcome(batch, CreateKind.Created, names, created));
        }
    }

    public Task<RequestIdRecord?> FindRequestIdAsync(string requestIdKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_requestIds.GetValueOrDefault(requestIdKey));
        }
    }

    public Task<Operation?> GetAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_byName.TryGetValue(name, out var row) ? StoredBodies.Parse(name, row.Body) : null);
        }
    }

    public Task<string?> FindLatestForRunAsync(string run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_bySequence.Values.LastOrDefault(r => r.Kind == OperationKind.Cancel && r.Run == run)?.Name);
        }
    }

    public Task<bool> UpdateAsync(Operation operation, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Only the replica that holds it writes it (a lapsed holder's late write is refused).
            if (!_byName.TryGetValue(operation.Name, out var row) || row.Done || row.Owner != _replica)
            {
                return Task.FromResult(false);
            }

            row.Body = operation.ToByteArray();
            row.Done = operation.Done;
            if (row.Done && row.Run is { } run && _inFlightByRun.GetValueOrDefault(run) == row.Name)
            {
                _inFlightByRun.Remove(run);
            }

            return Task.FromResult(true);
        }
    }

    public Task<UnfinishedOperations> ListUnfinishedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var readable = new List<StoredOperation>();
            var unreadable = new List<string>();
            foreach (var row in _bySequence.Values.Where(r => !r.Done))
            {
                if (StoredBodies.TryParse(row.Body, out var operation, out _))
                {
                    readable.Add(new StoredOperation(operation, row.Kind, row.Run));
                }
                else
                {
                    unreadable.Add(row.Name);
                }
            }

            return Task.FromResult(new UnfinishedOperations(readable, unreadable));
        }
    }

    public Task<OperationPage> ListAsync(OperationFilter filter, int pageSize, long afterSequence, long maxBytes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var page = new OperationPageBuilder(pageSize, maxBytes, static (name, failure) => throw new UnreadableOperationException(name, failure));
            foreach (var row in _bySequence.Values.Where(r => r.Sequence > afterSequence && Matches(r, filter)))
            {
                if (!page.TryAdd(row.Sequence, row.Name, row.Body))
                {
                    break;
                }
            }

            return Task.FromResult(page.Build());
        }
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_byName.TryGetValue(name, out var row))
            {
                return Task.FromResult(false);
            }

            if (!row.Done)
            {
                throw new InvalidOperationException($"Operation {name} is not done; it cannot be deleted.");
            }

            // The request id stays claimed: a late retry must find the operation deleted, not cancel again.
            _byName.Remove(name);
            _bySequence.Remove(row.Sequence);
            return Task.FromResult(true);
        }
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    private static bool Matches(InMemoryDatabase.OperationRow row, OperationFilter filter) =>
        (filter.Done is not { } done || row.Done == done)
        && (filter.Run is not { } run || row.Run == run)
        && (filter.Kind is not { } kind || row.Kind == kind);

    /// <summary>The operation a request id names; like the databases' stores, a request id whose operation is gone is an error of the store.</summary>
    private Operation Read(string name) =>
        _byName.TryGetValue(name, out var row)
            ? StoredBodies.Parse(name, row.Body)
            : throw new InvalidOperationException($"Request id points at operation {name}, which is not in the store.");

    private CreateOutcome InsertOrJoin(NewCancel cancel)
    {
        if (_inFlightByRun.TryGetValue(cancel.Run, out var running))
        {
            return new CreateOutcome(Read(running), CreateKind.Joined);
        }

        Insert(cancel.Operation, OperationKind.Cancel, cancel.Run);
        return new CreateOutcome(cancel.Operation, CreateKind.Created);
    }

    private void Insert(Operation operation, OperationKind kind, string? run)
    {
        var row = new InMemoryDatabase.OperationRow(++_database.LastSequence, operation.Name, kind, run)
        {
            Body = operation.ToByteArray(),
            Done = operation.Done,
            Owner = _replica,
        };
        _byName.Add(row.Name, row);
        _bySequence.Add(row.Sequence, row);
        if (kind == OperationKind.Cancel && !operation.Done)
        {
            _inFlightByRun[run!] = row.Name;
        }
    }
}
