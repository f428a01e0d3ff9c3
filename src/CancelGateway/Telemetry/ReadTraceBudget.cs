namespace CancelGateway.Telemetry;

/// <summary>
/// At most so many recorded reads in each second of the clock (<c>Telemetry:ReadTracesPerSecond</c>),
/// on top of the share of reads that <see cref="RequestSpans"/> draws. A share alone
/// records more the harder clients poll: at 20 000 reads a second, 1 % is 200 spans a second
/// to build, batch and export on the serving cores. With the cap, the cost of read traces stays
/// flat at any read rate while a quiet gateway still shows its share of reads.
/// </summary>
internal sealed class ReadTraceBudget(int perSecond, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private long _second = long.MinValue;
    private int _taken;

    /// <summary>Takes one recorded read from this second's allowance; false when it is spent.</summary>
    public bool TryTake()
    {
        var second = clock.GetTimestamp() / clock.TimestampFrequency;
        lock (_gate)
        {
            if (second != _second)
            {
                _second = second;
                _taken = 0;
            }

            if (_taken >= perSecond)
            {
                return false;
            }

            _taken++;
            return true;
        }
    }
}
