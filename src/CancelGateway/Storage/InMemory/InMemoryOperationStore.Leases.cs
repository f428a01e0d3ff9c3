namespace CancelGateway.Storage.InMemory;

/// <content>
/// Leases as the PostgreSQL store keeps them, in memory: a lease per replica expiring by the
/// database's clock, an owner per unfinished operation set when it is created, claims of only
/// what no live replica holds, FORCE requests recorded for the owner's renewal.
/// </content>
internal sealed partial class InMemoryOperationStore
{
    private string? _replica;
    private TimeSpan _leaseTime;

    public string? Replica
    {
        get
        {
            lock (_gate)
            {
                return _replica;
            }
        }
    }

    public Task<ReplicaLease> JoinAsync(TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = _database.Clock.GetUtcNow();

            // A replica whose lease ran out is gone for good; it joins again under a new id.
            foreach (var expired in _database.Replicas.Where(r => r.Value <= now).Select(r => r.Key).ToList())
            {
                _database.Replicas.Remove(expired);
            }

            _replica = "in-memory-" + Guid.NewGuid().ToString("N")[..8];
            _leaseTime = leaseTime;
            _database.Replicas[_replica] = now + leaseTime;
            return Task.FromResult(new ReplicaLease(_replica, _database.Replicas.Count));
        }
    }

    public Task<LeaseRenewal?> RenewAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var replica = _replica ?? throw new InvalidOperationException("The replica has not joined: call JoinAsync first.");
            if (!_database.IsLive(replica))
            {
                return Task.FromResult<LeaseRenewal?>(null);
            }

            var now = _database.Clock.GetUtcNow();
            _database.Replicas[replica] = now + _leaseTime;
            var live = _database.Replicas.Count(r => r.Value > now);
            var forced = _bySequence.Values.Where(r => r.Owner == replica && !r.Done && r.ForceRequested).Select(r => r.Name).ToList();
            return Task.FromResult<LeaseRenewal?>(new LeaseRenewal(live, forced));
        }
    }

    public Task<UnfinishedOperations> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var replica = _replica ?? throw new InvalidOperationException("The replica has not joined: call JoinAsync first.");
            var readable = new List<StoredOperation>();
            var unreadable = new List<string>();

            // Only while this replica's own lease is live: a claim must never outlast its claimer.
            if (!_database.IsLive(replica))
            {
                return Task.FromResult(new UnfinishedOperations(readable, unreadable));
            }

            foreach (var row in _bySequence.Values.Where(r => !r.Done && !_database.IsLive(r.Owner)).Take(limit))
            {
                row.Owner = replica;
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

    public Task<bool> RequestForceAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_byName.TryGetValue(name, out var row) || row.Done)
            {
                return Task.FromResult(false);
            }

            row.ForceRequested = true;
            return Task.FromResult(true);
        }
    }

    public Task LeaveAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_replica is { } replica)
            {
                foreach (var row in _bySequence.Values.Where(r => r.Owner == replica && !r.Done))
                {
                    row.Owner = null;
                }

                _database.Replicas.Remove(replica);
            }

            return Task.CompletedTask;
        }
    }
}
