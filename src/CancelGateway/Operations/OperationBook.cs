using System.Collections.Concurrent;
using CancelGateway.Storage;
using Google.LongRunning;
using Microsoft.Extensions.Options;

namespace CancelGateway.Operations;

/// <summary>
/// The engine's view of operations: the latest snapshot of each one in flight (in memory,
/// written through to the store), done ones from a cache or the store, and the fan-out of
/// every saved snapshot to its watchers. Snapshots another process saved (several replicas on
/// one database) come in through <see cref="RefreshAsync"/>.
/// </summary>
internal sealed class OperationBook(IOperationStore store, OperationWatchHub hub, IOptions<EngineOptions> options)
{
    private readonly ConcurrentDictionary<string, Operation> _inFlight = new(StringComparer.Ordinal);
    private readonly DoneOperationCache _done = new(options.Value.DoneCacheSize);

    // Remembering a snapshot and telling the watchers is one step, so that a snapshot read
    // back from the store can never reach a watcher after a newer one saved here.
    private readonly Lock _publishing = new();

    public IOperationStore Store => store;

    public OperationWatchHub Hub => hub;

    /// <summary>Remembers a snapshot just read from or written to the store.</summary>
    public void Track(Operation operation)
    {
        if (!operation.Done && _done.TryGet(operation.Name, out _))
        {
            // A done operation never changes again: an older snapshot arriving late is ignored.
            return;
        }

        if (operation.Done)
        {
            _inFlight.TryRemove(operation.Name, out _);
            _done.Add(operation);
        }
        else
        {
            _inFlight[operation.Name] = operation;
        }
    }

    public async Task<Operation?> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (_inFlight.TryGetValue(name, out var live) || _done.TryGet(name, out live))
        {
            return live;
        }

        var stored = await store.GetAsync(name, cancellationToken);
        if (stored is { Done: true })
        {
            _done.Add(stored);
        }

        return stored;
    }

    /// <summary>
    /// Writes a newer snapshot and tells the watchers. If the store already holds a done
    /// snapshot (it never changes again), that one wins and is returned.
    /// </summary>
    public async Task<Operation> SaveAsync(Operation operation, CancellationToken cancellationToken)
    {
        if (!await store.UpdateAsync(operation, cancellationToken))
        {
            var stored = await store.GetAsync(operation.Name, cancellationToken) ?? operation;
            Publish(stored);
            return stored;
        }

        Publish(operation);
        return operation;
    }

    /// <summary>Whether this process follows the operation: someone watches it here, or its snapshot is cached here.</summary>
    public bool Follows(string name) => hub.IsWatched(name) || _inFlight.ContainsKey(name) || _done.TryGet(name, out _);

    /// <summary>Every operation followed here that may still change: the watched ones and those cached in flight.</summary>
    public IReadOnlyCollection<string> FollowedInFlight() => [.. hub.WatchedNames().Union(_inFlight.Keys, StringComparer.Ordinal)];

    /// <summary>
    /// Reads an operation again that another process may have changed, and tells its watchers
    /// here, unless a save in this process overtook the read (it told them of a newer snapshot
    /// itself). A deleted operation is forgotten. Snapshots of another process's operations are
    /// not cached in flight (reads of those go to the store); done ones are.
    /// </summary>
    public async Task RefreshAsync(string name, CancellationToken cancellationToken)
    {
        _inFlight.TryGetValue(name, out var before);
        var stored = await store.GetAsync(name, cancellationToken);
        if (stored is null)
        {
            Forget(name);
            return;
        }

        lock (_publishing)
        {
            _inFlight.TryGetValue(name, out var now);
            if (!stored.Done && !ReferenceEquals(now, before))
            {
                return;
            }

            if (stored.Done || before is not null)
            {
                Track(stored);
            }

            hub.Publish(stored);
        }
    }

    private void Publish(Operation operation)
    {
        lock (_publishing)
        {
            Track(operation);
            hub.Publish(operation);
        }
    }

    public void Forget(string name)
    {
        _inFlight.TryRemove(name, out _);
        _done.Remove(name);
    }
}
