namespace CancelGateway.Testing;

/// <summary>A timer of <see cref="FakeTimeProvider"/>; fires only when the fake clock is advanced past it.</summary>
public sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
{
    private TimeSpan period = Timeout.InfiniteTimeSpan;

    /// <summary>When it fires next; null when stopped. Guarded by the owner's lock.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        owner.Schedule(this, dueTime, period);
        return true;
    }

    public void Dispose() => owner.Remove(this);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal void Set(DateTimeOffset? dueAt, TimeSpan period)
    {
        DueAt = dueAt;
        this.period = period;
    }

    // Called under the owner's lock when the timer fires at `now`.
    internal void Reschedule(DateTimeOffset now) =>
        DueAt = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : now + period;

    internal void Fire() => callback(state);
}
