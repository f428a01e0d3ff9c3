using System.Threading.Channels;

namespace CancelGateway.Storage;

/// <summary>
/// Changes to operations that other processes made in a shared store (several replicas on one
/// PostgreSQL database), as a feed that the engine follows to keep its watchers and cached
/// snapshots current. A store that only one process writes (SQLite) has no such feed: every
/// change is made, and published, in this process.
/// </summary>
internal interface IOperationChanges
{
    /// <summary>
    /// The feed. It may miss a change (a connection cut, a replica restarting); it then says
    /// so with <see cref="OperationChangeKind.MaybeMissed"/>, and the follower reads again
    /// everything it follows.
    /// </summary>
    ChannelReader<OperationChange> Changes { get; }
}
