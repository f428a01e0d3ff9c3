using System.Threading.RateLimiting;

namespace CancelGateway.Operations;

/// <summary>
/// One replica's token bucket for a provider: the whole rate when it runs alone (a bucket of one
/// second of requests, as always), a 1/N share when N replicas are live. A shared bucket is
/// sized so that N replicas together never send more than the rate in any one second: a bucket
/// of capacity C refilled at r per second lets out at most C + r in a second, so each replica
/// gets r = 0.9 × rate / N − C with C just big enough for one call (the 10% leaves room for
/// arrival jitter at the provider).
/// </summary>
/// <param name="Limiter">The bucket.</param>
/// <param name="MaxTokens">The most tokens one call takes (a call needing more is charged this).</param>
internal sealed record RateShare(TokenBucketRateLimiter Limiter, int MaxTokens)
{
    /// <summary>The most HTTP requests one provider call makes (SageMaker's status read: describe and list steps).</summary>
    private const int LargestCall = 2;

    public static RateShare Create(double requestsPerSecond, int replicas)
    {
        if (replicas <= 1)
        {
            // The bucket holds at least one second of requests, and never fewer than a multi-request call needs.
            var tokens = Math.Max(4, (int)Math.Ceiling(requestsPerSecond));
            return new RateShare(Bucket(requestsPerSecond, tokens), tokens);
        }

        var share = requestsPerSecond / replicas;
        var capacity = LargestCall;
        var rate = Math.Max(share * 0.9 - capacity, share / 4);
        return new RateShare(Bucket(rate, capacity), capacity);
    }

    private static TokenBucketRateLimiter Bucket(double perSecond, int capacity)
    {
        // Refill every 50 ms: smooth enough at 20 req/s, cheap at 1000; below 20 per second, one
        // token per period, the period as long as that takes. Only the dispatcher waits on it,
        // one call at a time, so its own queue is never longer than one.
        var period = TimeSpan.FromSeconds(Math.Max(0.05, 1 / perSecond));
        var perPeriod = Math.Max(1, (int)Math.Round(perSecond * period.TotalSeconds));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(perPeriod, capacity),
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = Math.Max(perPeriod, capacity),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
