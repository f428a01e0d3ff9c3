namespace CancelGateway.Testing;

/// <summary>
/// A clock that moves only when a test says so. Timers (and so CancellationTokenSource
/// timeouts and Task.Delay over this provider) fire during <see cref="Advance"/>.
/// Microsoft.Extensions.TimeProvider.Testing is not in the package registry here.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<FakeTimer> timers = [];
    private DateTimeOffset now;

    public FakeTimeProvider(DateTimeOffset? start = null) => now = start ?? new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>How many timers are waiting to fire: a test can wait for the code under test to arm its next one before moving the clock.</summary>
    public int PendingTimers
    {
        get
        {
            lock (gate)
            {
                return timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (gate)
        {
            target = now + by;
        }

        while (true)
        {
            FakeTimer? due;
            lock (gate)
            {
                due = timers.Where(t => t.DueAt is { } at && at <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    now = target;
                    return;
                }

                now = due.DueAt!.Value > now ? due.DueAt.Value : now;
                due.Reschedule(now);
            }

            due.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    internal void Schedule(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (gate)
        {
            timer.Set(dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime, period);
            if (!timers.Contains(timer))
            {
                timers.Add(timer);
            }
        }
    }

    internal void Remove(FakeTimer timer)
    {
        lock (gate)
        {
            timers.Remove(timer);
        }
    }
}
