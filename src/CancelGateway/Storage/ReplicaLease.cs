namespace CancelGateway.Storage;

/// <summary>A replica's lease, just taken.</summary>
/// <param name="Replica">The replica's id (unique per start).</param>
/// <param name="LiveReplicas">How many replicas hold a live lease, this one included.</param>
internal sealed record ReplicaLease(string Replica, int LiveReplicas);
