namespace CancelGateway.Operations;

/// <summary>
/// Runs reserved in a <see cref="CallerLedger"/>, released when their cancel requests have
/// been sent (or they turned out to need none). A batch hands one run at a time to its runs'
/// workers with <see cref="Split"/>; disposing releases whatever is left, once.
/// </summary>
internal sealed class CallerReservation(CallerLedger ledger, CallerKey caller, int runs) : IDisposable
{
    private int _runs = runs;

    public CallerKey Caller => caller;

    /// <summary>Moves up to <paramref name="count"/> runs into a reservation of their own.</summary>
    public CallerReservation Split(int count)
    {
        int current, taken;
        do
        {
            current = Volatile.Read(ref _runs);
            taken = Math.Min(count, current);
        }
        while (Interlocked.CompareExchange(ref _runs, current - taken, current) != current);

        return new CallerReservation(ledger, caller, taken);
    }

    /// <summary>Releases <paramref name="count"/> runs (no more than are left).</summary>
    public void Release(int count) => Split(count).Dispose();

    public void Dispose()
    {
        var left = Interlocked.Exchange(ref _runs, 0);
        if (left > 0)
        {
            ledger.Release(caller, left);
        }
    }
}
