namespace CancelGateway.Storage;

/// <summary>A replica's lease, just taken.</summary>
/// <param name="Replica">The replica's id (unique per start).</param>
/// <param name="LiveReplicas">How many replicas hold a live lease, this one included.</param>
/// <param name="CanExpire">Whether the lease can run out (several replicas share the store); false for a store one process owns alone.</param>
internal sealed record ReplicaLease(string Replica, int LiveReplicas, bool CanExpire = true);
