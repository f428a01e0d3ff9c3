namespace CancelGateway.Emulators.SageMaker.Executions;

/// <summary>
/// The account's request rate limit: a token bucket holding one second's worth of requests,
/// refilled continuously on the emulator's clock. Requests beyond it get ThrottlingException.
/// </summary>
internal sealed class RequestRateLimiter(TimeProvider time)
{
    private readonly Lock _gate = new();
    private double? _perSecond;
    private double _tokens;
    private DateTimeOffset _refilledAt;

    /// <summary>Requests per second; null (the default) for no limit. Setting it refills the bucket.</summary>
    public double? RequestsPerSecond
    {
        get { lock (_gate) { return _perSecond; } }
        set
        {
            if (value is <= 0 || (value is { } v && double.IsNaN(v)))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The limit must be positive (or null for none).");
            }

            lock (_gate)
            {
                _perSecond = value;
                _tokens = Capacity(value);
                _refilledAt = time.GetUtcNow();
            }
        }
    }

    /// <summary>Takes one token; false when the bucket is empty (the request is throttled).</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            if (_perSecond is not { } rate)
            {
                return true;
            }

            var now = time.GetUtcNow();
            if (now > _refilledAt)
            {
                _tokens = Math.Min(Capacity(rate), _tokens + ((now - _refilledAt).TotalSeconds * rate));
                _refilledAt = now;
            }

            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }

    private static double Capacity(double? rate) => rate is { } r ? Math.Max(1, r) : 0;
}
