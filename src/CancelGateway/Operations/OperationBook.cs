using System.Collections.Concurrent;
using CancelGateway.Storage;
using Google.LongRunning;
using Microsoft.Extensions.Options;

namespace CancelGateway.Operations;

/// <summary>
/// The engine's view of operations: the latest snapshot of each one in flight (in memory,
/// written through to the store), done ones from a cache or the store, and the fan-out of
/// every saved snapshot to its watchers.
/// </summary>
internal sealed class OperationBook(IOperationStore store, OperationWatchHub hub, IOptions<EngineOptions> options)
{
    private readonly ConcurrentDictionary<string, Operation> _inFlight = new(StringComparer.Ordinal);
    private readonly DoneOperationCache _done = new(options.Value.DoneCacheSize);

    public IOperationStore Store => store;

    public OperationWatchHub Hub => hub;

    /// <summary>Remembers a snapshot just read from or written to the store.</summary>
    public void Track(Operation operation)
    {
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
            Track(stored);
            hub.Publish(stored);
            return stored;
        }

        Track(operation);
        hub.Publish(operation);
        return operation;
    }

    public void Forget(string name)
    {
        _inFlight.TryRemove(name, out _);
        _done.Remove(name);
    }
}
