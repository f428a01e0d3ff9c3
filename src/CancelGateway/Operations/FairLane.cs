namespace CancelGateway.Operations;

/// <summary>
/// One lane of a <see cref="FairQueue{T}"/>: a FIFO per caller, served round-robin one item per
/// caller, so a caller with ten thousand items waiting delays another by one item per turn.
/// Not thread-safe.
/// </summary>
internal sealed class FairLane<T>
{
    private readonly Dictionary<CallerKey, Queue<T>> _byCaller = [];

    // The callers with items waiting, in the order they are served next; each appears once.
    private readonly Queue<CallerKey> _turns = new();

    public int Count { get; private set; }

    public void Enqueue(CallerKey caller, T item)
    {
        if (!_byCaller.TryGetValue(caller, out var queue))
        {
            queue = new Queue<T>();
            _byCaller[caller] = queue;
            _turns.Enqueue(caller);
        }

        queue.Enqueue(item);
        Count++;
    }

    public bool TryDequeue(out T item)
    {
        if (!_turns.TryDequeue(out var caller))
        {
            item = default!;
            return false;
        }

        var queue = _byCaller[caller];
        item = queue.Dequeue();
        Count--;
        if (queue.Count > 0)
        {
            _turns.Enqueue(caller);
        }
        else
        {
            // Forgotten when empty: connections come and go, and the map must not grow with them.
            _byCaller.Remove(caller);
        }

        return true;
    }
}
