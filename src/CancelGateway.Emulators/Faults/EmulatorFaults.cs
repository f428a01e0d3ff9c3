namespace CancelGateway.Emulators.Faults;

/// <summary>
/// Fault injection shared by every emulator: added latency, 503 UNAVAILABLE, 429
/// RESOURCE_EXHAUSTED with <c>Retry-After</c>, dropped connections, and failures that happen after
/// the request took effect. Settings can be changed while the emulator runs; every decision draws
/// from one seeded <see cref="Random"/>, so a sequence of requests sees the same faults on every run.
/// </summary>
/// <remarks>
/// <see cref="FailureRate"/> and <see cref="DropConnectionRate"/> strike before the request reaches
/// the API, so a failed call has no effect (a 503'd <c>:cancel</c> cancelled nothing) and a client
/// may retry it blindly. Real APIs also fail after the work was done (a proxy times out, the
/// response is lost); <see cref="FailAfterEffectRate"/> simulates that: the request takes effect
/// and the client still sees 503, so only idempotent retries are safe.
/// The token endpoint is spared unless <see cref="ApplyToTokenEndpoint"/> is set, so a test of
/// API retries is not also a test of token retries.
/// </remarks>
public sealed class EmulatorFaults
{
    /// <summary>The seed used when none is given.</summary>
    public const int DefaultSeed = 1;

    private readonly Lock _gate = new();
    private Random _random;
    private int _seed;
    private double _failureRate;
    private double _throttleShare = 0.5;
    private TimeSpan _retryAfter = TimeSpan.FromSeconds(1);
    private TimeSpan _minLatency;
    private TimeSpan _maxLatency;
    private double _dropConnectionRate;
    private double _failAfterEffectRate;
    private bool _applyToTokenEndpoint;

    /// <summary>Creates fault settings with every fault off.</summary>
    /// <param name="seed">Seed of the random source behind every decision.</param>
    public EmulatorFaults(int seed = DefaultSeed)
    {
        _seed = seed;
        _random = CreateRandom(seed);
    }

    /// <summary>Seed of the random source; setting it restarts the sequence of decisions.</summary>
    public int Seed
    {
        get { lock (_gate) { return _seed; } }
        set { lock (_gate) { _seed = value; _random = CreateRandom(value); } }
    }

    /// <summary>Share (0..1) of requests answered with 503 or 429 before they take effect. Default 0.</summary>
    public double FailureRate
    {
        get { lock (_gate) { return _failureRate; } }
        set { var v = CheckRate(value); lock (_gate) { _failureRate = v; } }
    }

    /// <summary>Share (0..1) of the <see cref="FailureRate"/> failures that are 429 rather than 503. Default 0.5.</summary>
    public double ThrottleShare
    {
        get { lock (_gate) { return _throttleShare; } }
        set { var v = CheckRate(value); lock (_gate) { _throttleShare = v; } }
    }

    /// <summary>The <c>Retry-After</c> a 429 carries, sent in whole seconds (rounded up). Default 1 s.</summary>
    public TimeSpan RetryAfter
    {
        get { lock (_gate) { return _retryAfter; } }
        set { var v = CheckNonNegative(value); lock (_gate) { _retryAfter = v; } }
    }

    /// <summary>Smallest delay added to every affected request. Default zero.</summary>
    public TimeSpan MinLatency
    {
        get { lock (_gate) { return _minLatency; } }
        set { var v = CheckNonNegative(value); lock (_gate) { _minLatency = v; } }
    }

    /// <summary>Largest delay added to every affected request (a smaller value than <see cref="MinLatency"/> counts as equal to it). Default zero.</summary>
    public TimeSpan MaxLatency
    {
        get { lock (_gate) { return _maxLatency; } }
        set { var v = CheckNonNegative(value); lock (_gate) { _maxLatency = v; } }
    }

    /// <summary>Share (0..1) of requests whose connection is aborted without any response. Default 0.</summary>
    public double DropConnectionRate
    {
        get { lock (_gate) { return _dropConnectionRate; } }
        set { var v = CheckRate(value); lock (_gate) { _dropConnectionRate = v; } }
    }

    /// <summary>Share (0..1) of requests that take effect and are then answered with 503. Default 0.</summary>
    public double FailAfterEffectRate
    {
        get { lock (_gate) { return _failAfterEffectRate; } }
        set { var v = CheckRate(value); lock (_gate) { _failAfterEffectRate = v; } }
    }

    /// <summary>Whether the OAuth token endpoint gets faults too. Default false.</summary>
    public bool ApplyToTokenEndpoint
    {
        get { lock (_gate) { return _applyToTokenEndpoint; } }
        set { lock (_gate) { _applyToTokenEndpoint = value; } }
    }

    /// <summary>Turns every fault off and restarts the random sequence; the seed is kept.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _failureRate = 0;
            _throttleShare = 0.5;
            _retryAfter = TimeSpan.FromSeconds(1);
            _minLatency = TimeSpan.Zero;
            _maxLatency = TimeSpan.Zero;
            _dropConnectionRate = 0;
            _failAfterEffectRate = 0;
            _applyToTokenEndpoint = false;
            _random = CreateRandom(_seed);
        }
    }

    /// <summary>Decides what happens to one request; draws only for the faults that are switched on.</summary>
    internal FaultPlan Decide(bool isTokenEndpoint)
    {
        lock (_gate)
        {
            if (isTokenEndpoint && !_applyToTokenEndpoint)
            {
                return FaultPlan.None;
            }

            var delay = _minLatency;
            if (_maxLatency > _minLatency)
            {
                delay += (_maxLatency - _minLatency) * _random.NextDouble();
            }

            var kind = FaultKind.None;
            if (_dropConnectionRate > 0 && _random.NextDouble() < _dropConnectionRate)
            {
                kind = FaultKind.DropConnection;
            }
            else if (_failureRate > 0 && _random.NextDouble() < _failureRate)
            {
                kind = _random.NextDouble() < _throttleShare ? FaultKind.Throttle : FaultKind.Unavailable;
            }
            else if (_failAfterEffectRate > 0 && _random.NextDouble() < _failAfterEffectRate)
            {
                kind = FaultKind.FailAfterEffect;
            }

            return new FaultPlan(kind, delay, _retryAfter);
        }
    }

    // Reproducibility is the point here, not unpredictability.
#pragma warning disable CA5394
    private static Random CreateRandom(int seed) => new(seed);
#pragma warning restore CA5394

    private static double CheckRate(double value, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 1.");

    private static TimeSpan CheckNonNegative(TimeSpan value, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative.");
}
