using CancelGateway.Providers;

namespace CancelGateway.Operations;

/// <summary>One retry loop's spending: failures so far, and whether the next may be retried.</summary>
internal sealed class RetryBudget
{
    private readonly RetryPolicy _policy;
    private readonly TimeProvider _time;
    private readonly TimeSpan? _budget;
    private readonly int? _maxAttempts;
    private long? _failingSince;

    internal RetryBudget(RetryPolicy policy, TimeProvider time, TimeSpan? budget, int? maxAttempts)
    {
        _policy = policy;
        _time = time;
        _budget = budget;
        _maxAttempts = maxAttempts;
    }

    /// <summary>Failures since the start or the last <see cref="Reset"/>.</summary>
    public int Failures { get; private set; }

    /// <summary>
    /// Counts <paramref name="failure"/>; true with the delay to wait when it is transient and the
    /// budget is not spent, false when the loop must give up.
    /// </summary>
    public bool TryRetry(ProviderException failure, out TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(failure);
        _failingSince ??= _time.GetTimestamp();
        Failures++;
        var spent = (_budget is { } budget && _time.GetElapsedTime(_failingSince.Value) >= budget)
            || (_maxAttempts is { } attempts && Failures >= attempts);
        if (!RetryPolicy.IsTransient(failure) || spent)
        {
            delay = TimeSpan.Zero;
            return false;
        }

        delay = _policy.Delay(Failures - 1, failure);
        return true;
    }

    /// <summary>A success: the next failure starts a new budget.</summary>
    public void Reset()
    {
        _failingSince = null;
        Failures = 0;
    }
}
