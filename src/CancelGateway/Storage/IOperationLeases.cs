namespace CancelGateway.Storage;

/// <summary>
/// Which replica works which unfinished operation. Each replica holds one lease, renewed while
/// it lives; every unfinished operation is leased to one replica (its owner), so renewing the
/// replica's lease renews all of its operations at once: one write per renewal, none per
/// operation. An operation whose owner's lease expired (the replica died) or that has no
/// owner is claimed by another replica. A store holds the lease of the replica it serves: the
/// operations it creates are leased to that replica in the same transaction.
/// </summary>
/// <remarks>
/// PostgreSQL implements this for several replicas on one database (claims with
/// <c>FOR UPDATE SKIP LOCKED</c>, expiry by the database's clock); SQLite, one process per
/// file, is trivially correct: the one replica holds everything, and a new start claims what
/// the previous process left unfinished.
/// </remarks>
internal interface IOperationLeases
{
    /// <summary>The replica this store serves, once joined (null before).</summary>
    string? Replica { get; }

    /// <summary>
    /// Registers a new replica with a lease of <paramref name="leaseTime"/> and makes it this
    /// store's: operations created from now on are leased to it.
    /// </summary>
    Task<ReplicaLease> JoinAsync(TimeSpan leaseTime, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the replica's lease by its lease time. Null when it had already expired: other
    /// replicas may hold its operations now, so the caller stops all of its work and joins
    /// again.
    /// </summary>
    Task<LeaseRenewal?> RenewAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Leases to this replica, oldest first, up to <paramref name="limit"/> unfinished operations
    /// that no live replica holds (never one a live replica holds). Corrupt ones come by name.
    /// </summary>
    Task<UnfinishedOperations> ClaimAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a FORCE request joined the operation in flight, for its owner to pick up
    /// (<see cref="LeaseRenewal.ForceRequested"/>). False when it is done or does not exist.
    /// </summary>
    Task<bool> RequestForceAsync(string name, CancellationToken cancellationToken);

    /// <summary>Ends the replica's lease: its unfinished operations are free for the others at once (a clean shutdown).</summary>
    Task LeaveAsync(CancellationToken cancellationToken);
}
