namespace CancelGateway.Operations;

/// <summary>
/// The order in which one provider's calls go out: round-robin across callers within a lane,
/// and the interactive lane (single Cancels) ahead of the batch lane, up to
/// <see cref="InteractiveBurst"/> interactive items in a row while batch items wait, so that a
/// flood of single Cancels still cannot stop batches. Nothing is ever dropped. Not thread-safe.
/// </summary>
internal sealed class FairQueue<T>
{
    /// <summary>Interactive items served in a row before one batch item gets its turn (when both lanes wait).</summary>
    public const int InteractiveBurst = 4;

    private readonly FairLane<T> _interactive = new();
    private readonly FairLane<T> _batch = new();
    private int _interactiveStreak;

    public int Count => _interactive.Count + _batch.Count;

    public void Enqueue(ProviderWork work, T item) =>
        (work.Lane == WorkLane.Interactive ? _interactive : _batch).Enqueue(work.Caller, item);

    public bool TryDequeue(out T item)
    {
        var batchTurn = _batch.Count > 0 && (_interactive.Count == 0 || _interactiveStreak >= InteractiveBurst);
        if (batchTurn)
        {
            _interactiveStreak = 0;
            return _batch.TryDequeue(out item);
        }

        if (_interactive.TryDequeue(out item))
        {
            _interactiveStreak++;
            return true;
        }

        return false;
    }
}
