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

    public async Task<T> RunAsync<T>(Provider provider, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var (rate, concurrency) = _limits.GetOrAdd(provider, _ => (CreateRateLimiter(), new SemaphoreSlim(options.ProviderConcurrency)));
        using var lease = await rate.AcquireAsync(1, cancellationToken);
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

    private TokenBucketRateLimiter CreateRateLimiter()
    {
        // Refill every 50 ms: smooth enough at 20 req/s, cheap at 1000.
        var period = TimeSpan.FromMilliseconds(50);
        var perPeriod = Math.Max(1, (int)Math.Round(options.ProviderRequestsPerSecond * period.TotalSeconds));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(perPeriod, (int)Math.Ceiling(options.ProviderRequestsPerSecond)),
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
