using System.Globalization;
using System.Threading.RateLimiting;
using CancelGateway.Providers;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CancelGateway.Security;

/// <summary>
/// Per-principal limits: the policy's <c>requestsPerSecond</c> as a token bucket (a second's
/// worth of burst) and a cap on open WatchRun streams, so one caller can neither crowd the
/// others out nor hold the server's memory. Built on System.Threading.RateLimiting.
/// </summary>
internal sealed class PrincipalLimits : IDisposable
{
    private readonly PartitionedRateLimiter<(string Principal, double Rate)> _requests;
    private readonly PartitionedRateLimiter<string> _watches;
    private readonly int _maxWatches;

    public PrincipalLimits(IOptions<SecurityOptions> options)
    {
        _maxWatches = options.Value.MaxWatchStreamsPerPrincipal;

        // The rate is part of the key: a policy reload that changes it starts a new bucket.
        _requests = PartitionedRateLimiter.Create<(string Principal, double Rate), (string, double)>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, k => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, (int)Math.Ceiling(k.Item2)),
                // Refill a tenth of a second's worth ten times a second, so the bucket is smooth.
                TokensPerPeriod = Math.Max(1, (int)Math.Round(k.Item2 / 10)),
                ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, Math.Round(k.Item2 / 10)) / k.Item2),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        _watches = PartitionedRateLimiter.Create<string, string>(principal =>
            RateLimitPartition.GetConcurrencyLimiter(principal, _ => new ConcurrencyLimiterOptions { PermitLimit = _maxWatches, QueueLimit = 0 }));
    }

    /// <summary>Takes one request from the principal's bucket, or throws RESOURCE_EXHAUSTED with a RetryInfo.</summary>
    public void TakeRequest(string principal, double? requestsPerSecond)
    {
        if (requestsPerSecond is not { } rate)
        {
            return;
        }

        using var lease = _requests.AttemptAcquire((principal, rate));
        if (lease.IsAcquired)
        {
            return;
        }

        var delay = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1 / rate);
        var limit = rate.ToString("0.###", CultureInfo.InvariantCulture);
        var status = GatewayErrors.Status(
            GatewayError.PrincipalRateLimited,
            $"This principal may send {limit} requests per second (the policy's requestsPerSecond); retry after {delay.TotalMilliseconds:0} ms.",
            ("principal", principal),
            ("limit", limit));
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        throw status.ToRpcException();
    }

    /// <summary>Holds one of the caller's WatchRun slots until disposed, or throws RESOURCE_EXHAUSTED.</summary>
    public IDisposable OpenWatch(string caller)
    {
        var lease = _watches.AttemptAcquire(caller);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        var limit = _maxWatches.ToString(CultureInfo.InvariantCulture);
        throw GatewayErrors.Status(
            GatewayError.TooManyWatches,
            $"This caller already has {limit} WatchRun streams open (Security:MaxWatchStreamsPerPrincipal); close one first.",
            ("limit", limit)).ToRpcException();
    }

    public void Dispose()
    {
        _requests.Dispose();
        _watches.Dispose();
    }
}
