using System.Collections.Concurrent;
using Google.LongRunning;

namespace CancelGateway.Operations;

/// <summary>
/// Done operations never change, so they can be served from memory without asking the store.
/// Bounded; the oldest entries go first.
/// </summary>
internal sealed class DoneOperationCache(int capacity)
{
    private readonly ConcurrentDictionary<string, Operation> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public bool TryGet(string name, out Operation operation) => _entries.TryGetValue(name, out operation!);

    public void Add(Operation operation)
    {
        if (capacity == 0 || !operation.Done || !_entries.TryAdd(operation.Name, operation))
        {
            return;
        }

        _order.Enqueue(operation.Name);
        while (_entries.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _entries.TryRemove(oldest, out _);
        }
    }

    public void Remove(string name) => _entries.TryRemove(name, out _);
}
