using System.Collections.Concurrent;
using System.Globalization;

namespace CancelGateway.Storage.Sqlite;

/// <content>
/// Leases for one process per file, kept in memory: this process is the only replica, so it
/// holds every operation it creates, and a new start claims what the previous process left
/// unfinished. FORCE requests are recorded for the same process to pick up.
/// </content>
internal sealed partial class SqliteOperationStore
{
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _forceRequested = new(StringComparer.Ordinal);
    private volatile string? _replica;

    public string? Replica => _replica;

    public Task<ReplicaLease> JoinAsync(TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        var replica = $"{Environment.MachineName}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        _replica = replica;
        return Task.FromResult(new ReplicaLease(replica, LiveReplicas: 1, CanExpire: false));
    }

    public Task<LeaseRenewal?> RenewAsync(CancellationToken cancellationToken)
    {
        _ = _replica ?? throw new InvalidOperationException("The replica has not joined: call JoinAsync first.");
        return Task.FromResult<LeaseRenewal?>(new LeaseRenewal(1, [.. _forceRequested.Keys.Order(StringComparer.Ordinal)]));
    }

    public async Task<UnfinishedOperations> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        _ = _replica ?? throw new InvalidOperationException("The replica has not joined: call JoinAsync first.");
        var unfinished = await ListUnfinishedAsync(cancellationToken);
        var readable = unfinished.Readable.Where(o => _held.TryAdd(o.Operation.Name, 0)).Take(limit).ToList();
        var unreadable = unfinished.Unreadable.Where(n => _held.TryAdd(n, 0)).Take(limit - readable.Count).ToList();
        return new UnfinishedOperations(readable, unreadable);
    }

    public async Task<bool> RequestForceAsync(string name, CancellationToken cancellationToken)
    {
        if (await GetAsync(name, cancellationToken) is not { Done: false })
        {
            return false;
        }

        _forceRequested.TryAdd(name, 0);
        return true;
    }

    public Task LeaveAsync(CancellationToken cancellationToken)
    {
        _held.Clear();
        return Task.CompletedTask;
    }

    /// <summary>Notes what this process holds after a create, and lets go of an operation once it is done.</summary>
    private void Hold(string name) => _held.TryAdd(name, 0);

    private void Release(string name)
    {
        _held.TryRemove(name, out _);
        _forceRequested.TryRemove(name, out _);
    }
}
