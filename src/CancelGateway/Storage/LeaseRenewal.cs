namespace CancelGateway.Storage;

/// <summary>What a renewed lease brings back.</summary>
/// <param name="LiveReplicas">How many replicas hold a live lease, this one included (a provider's limits are shared among them).</param>
/// <param name="ForceRequested">The replica's operations in flight that a FORCE request joined since they were created.</param>
internal sealed record LeaseRenewal(int LiveReplicas, IReadOnlyList<string> ForceRequested);
