namespace CancelGateway.Operations;

/// <summary>
/// This replica's own view of its lease: held until a deadline measured from when the last
/// successful renewal was sent, shorter than the lease the store grants (the database's expiry
/// comes later in real time, so this replica stops calling providers before another replica can
/// claim its operations). Every provider call of a worker asks <see cref="EnsureHeld"/> first.
/// </summary>
internal sealed class LeaseHolder(TimeProvider time)
{
    private long _heldUntil = long.MinValue;

    /// <summary>Whether this replica may call providers for the operations it holds.</summary>
    public bool IsHeld => time.GetTimestamp() < Volatile.Read(ref _heldUntil);

    /// <summary>A renewal sent at <paramref name="sentAt"/> (a <see cref="TimeProvider.GetTimestamp"/>) succeeded: held for <paramref name="validFor"/> from then.</summary>
    public void Renewed(long sentAt, TimeSpan validFor) =>
        Volatile.Write(ref _heldUntil, validFor == Timeout.InfiniteTimeSpan ? long.MaxValue : sentAt + (long)(validFor.TotalSeconds * time.TimestampFrequency));

    /// <summary>The lease is gone (it expired, or the replica is leaving).</summary>
    public void Lost() => Volatile.Write(ref _heldUntil, long.MinValue);

    /// <exception cref="LeaseLostException">The lease is not held: no provider call may be made.</exception>
    public void EnsureHeld()
    {
        if (!IsHeld)
        {
            throw new LeaseLostException();
        }
    }
}
