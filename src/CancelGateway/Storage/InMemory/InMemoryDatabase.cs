namespace CancelGateway.Storage.InMemory;

/// <summary>
/// What the in-memory store keeps, shared by every <see cref="InMemoryOperationStore"/> over it
/// as a database is shared by the replicas on it: operations, request ids, the audit trail and
/// the replicas' leases, behind one lock. Leases expire by <see cref="Clock"/> (a fake one in
/// tests), as the PostgreSQL store's expire by the database's clock.
/// </summary>
internal sealed class InMemoryDatabase(TimeProvider clock)
{
    public TimeProvider Clock { get; } = clock;

    public Lock Gate { get; } = new();

    public Dictionary<string, OperationRow> ByName { get; } = new(StringComparer.Ordinal);

    public SortedList<long, OperationRow> BySequence { get; } = [];

    /// <summary>Each run's cancel operation in flight (the partial unique index of the databases).</summary>
    public Dictionary<string, string> InFlightByRun { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RequestIdRecord> RequestIds { get; } = new(StringComparer.Ordinal);

    public List<AuditRow> Audit { get; } = [];

    /// <summary>Each replica's lease expiry.</summary>
    public Dictionary<string, DateTimeOffset> Replicas { get; } = new(StringComparer.Ordinal);

    public long LastSequence { get; set; }

    /// <summary>Whether <paramref name="replica"/> holds a live lease now.</summary>
    public bool IsLive(string? replica) => replica is not null && Replicas.TryGetValue(replica, out var expires) && expires > Clock.GetUtcNow();

    /// <summary>One stored operation: what the databases' stores keep in a row.</summary>
    internal sealed class OperationRow(long sequence, string name, OperationKind kind, string? run)
    {
        public long Sequence { get; } = sequence;

        public string Name { get; } = name;

        public OperationKind Kind { get; } = kind;

        public string? Run { get; } = run;

        public required byte[] Body { get; set; }

        public required bool Done { get; set; }

        /// <summary>The replica that holds it (null: nobody, claimable).</summary>
        public string? Owner { get; set; }

        public bool ForceRequested { get; set; }
    }

    /// <summary>One audit event, serialized, with what it is filtered by.</summary>
    internal sealed record AuditRow(long Sequence, DateTimeOffset Time, string Principal, IReadOnlyList<string> Runs, byte[] Body);
}
