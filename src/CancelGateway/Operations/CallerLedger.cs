namespace CancelGateway.Operations;

/// <summary>
/// How many runs each caller has accepted whose cancel request has not yet been sent to the
/// provider: the work a caller holds queued. Admission reserves before anything is stored, so
/// a caller over <see cref="EngineOptions.MaxQueuedPerCaller"/> is refused without a trace.
/// </summary>
internal sealed class CallerLedger(EngineOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<CallerKey, int> _queued = [];

    /// <summary>Reserves <paramref name="runs"/> for <paramref name="caller"/>; null when that would exceed the bound (<paramref name="queued"/> says what the caller holds).</summary>
    public CallerReservation? TryReserve(CallerKey caller, int runs, out int queued)
    {
        lock (_lock)
        {
            queued = _queued.GetValueOrDefault(caller);
            if (queued + runs > options.MaxQueuedPerCaller)
            {
                return null;
            }

            _queued[caller] = queued + runs;
        }

        return new CallerReservation(this, caller, runs);
    }

    /// <summary>What <paramref name="caller"/> holds queued now.</summary>
    public int Queued(CallerKey caller)
    {
        lock (_lock)
        {
            return _queued.GetValueOrDefault(caller);
        }
    }

    internal void Release(CallerKey caller, int runs)
    {
        lock (_lock)
        {
            var left = _queued.GetValueOrDefault(caller) - runs;
            if (left > 0)
            {
                _queued[caller] = left;
            }
            else
            {
                // A connection's key never comes back once it closes: forget it at zero.
                _queued.Remove(caller);
            }
        }
    }
}
