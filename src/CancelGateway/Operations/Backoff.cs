using CancelGateway.Providers;

namespace CancelGateway.Operations;

/// <summary>
/// Delays between retries: exponential with full jitter (so many runs failing together do not
/// retry together), never shorter than the provider's Retry-After.
/// </summary>
internal sealed class Backoff(EngineOptions options)
{
    public TimeSpan Next(int attempt, ProviderException? failure)
    {
        var ceiling = options.RetryInitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        ceiling = Math.Min(ceiling, options.RetryMaxDelay.TotalMilliseconds);
        var jittered = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
        return failure?.RetryAfter is { } retryAfter && retryAfter > jittered ? retryAfter : jittered;
    }
}
