using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using CancelGateway.V1;

namespace CancelGateway.Operations;

/// <summary>
/// Per-provider limits on what the engine sends: a token bucket for the rate and a cap on
/// concurrent requests. Every provider call the engine makes passes through here.
/// </summary>
internal sealed class ProviderGate(EngineOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<Provider, (RateLimiter Rate, SemaphoreSlim Concurrency)> _limits = new();

    /// <summary>Runs one provider call that makes <paramref name="requests"/> HTTP requests, once the rate and the concurrency cap allow.</summary>
    public async Task<T> RunAsync<T>(Provider provider, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, int requests = 1)
    {
        var (rate, concurrency) = _limits.GetOrAdd(provider, _ => (CreateRateLimiter(), new SemaphoreSlim(options.ProviderConcurrency)));
        using var lease = await rate.AcquireAsync(Math.Clamp(requests, 1, MaxTokens(options)), cancellationToken);
        await concurrency.WaitAsync(cancellationToken);
        try
        {
            return await call(cancellationToken);
        }
        finally
        {
            concurrency.Release();
        }
    }

    public void Dispose()
    {
        foreach (var (rate, concurrency) in _limits.Values)
        {
            rate.Dispose();
            concurrency.Dispose();
        }
    }

    // The bucket holds at least one second of requests, and never fewer than a multi-request call needs.
    private static int MaxTokens(EngineOptions options) => Math.Max(4, (int)Math.Ceiling(options.ProviderRequestsPerSecond));

    private TokenBucketRateLimiter CreateRateLimiter()
    {
        // Refill every 50 ms: smooth enough at 20 req/s, cheap at 1000.
        var period = TimeSpan.FromMilliseconds(50);
        var perPeriod = Math.Max(1, (int)Math.Round(options.ProviderRequestsPerSecond * period.TotalSeconds));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(perPeriod, MaxTokens(options)),
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
