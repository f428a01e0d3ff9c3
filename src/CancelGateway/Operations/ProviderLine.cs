using System.Threading.RateLimiting;

namespace CancelGateway.Operations;

/// <summary>
/// One provider's calls: they wait in a <see cref="FairQueue{T}"/>, and one dispatcher lets
/// them out one at a time when a concurrency slot is free and the token bucket allows. The
/// choice of who goes is made only once a slot is free, so a single Cancel that arrives while
/// ten thousand batch items wait is the next to go, not the ten-thousand-and-first.
/// </summary>
internal sealed class ProviderLine : IDisposable
{
    private readonly EngineOptions _options;
    private readonly Lock _lock = new();
    private readonly FairQueue<Waiter> _queue = new();
    private readonly SemaphoreSlim _waiting = new(0);
    private readonly SemaphoreSlim _concurrency;
    private readonly TokenBucketRateLimiter _rate;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _dispatcher;

    // True while the dispatcher holds a waiter it took from the queue (waiting for tokens): a
    // newcomer must not pass it by the fast path.
    private bool _dispatching;

    public ProviderLine(EngineOptions options)
    {
        _options = options;
        _concurrency = new SemaphoreSlim(options.ProviderConcurrency);
        _rate = CreateRateLimiter(options);

        // The dispatcher outlives the request that happened to create this line: none of its context.
        using (ExecutionContext.SuppressFlow())
        {
            _dispatcher = Task.Run(DispatchAsync);
        }
    }

    public async Task<T> RunAsync<T>(ProviderWork work, Func<CancellationToken, Task<T>> call, int requests, CancellationToken cancellationToken)
    {
        var tokens = Math.Clamp(requests, 1, MaxTokens(_options));
        if (!TryPassNow(tokens))
        {
            var waiter = new Waiter(tokens);
            lock (_lock)
            {
                _queue.Enqueue(work, waiter);
            }

            _waiting.Release();
            using (cancellationToken.Register(static w => ((Waiter)w!).TrySetCanceled(), waiter))
            {
                // Granted means a concurrency slot is ours (a cancelled waiter never holds one).
                await waiter.Task;
            }
        }

        try
        {
            return await call(cancellationToken);
        }
        finally
        {
            _concurrency.Release();
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _dispatcher.Wait(TimeSpan.FromSeconds(5));
        _rate.Dispose();
        _concurrency.Dispose();
        _waiting.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// With nobody waiting and room now, a call goes straight out, on the caller's own thread:
    /// no dispatcher hop when the provider is idle. Anyone queued or being let out goes first.
    /// </summary>
    private bool TryPassNow(int tokens)
    {
        lock (_lock)
        {
            if (_queue.Count > 0 || _dispatching || !_concurrency.Wait(0))
            {
                return false;
            }

            using var lease = _rate.AttemptAcquire(tokens);
            if (!lease.IsAcquired)
            {
                _concurrency.Release();
            }

            return lease.IsAcquired;
        }
    }

    // The bucket holds at least one second of requests, and never fewer than a multi-request call needs.
    private static int MaxTokens(EngineOptions options) => Math.Max(4, (int)Math.Ceiling(options.ProviderRequestsPerSecond));

    private static TokenBucketRateLimiter CreateRateLimiter(EngineOptions options)
    {
        // Refill every 50 ms: smooth enough at 20 req/s, cheap at 1000. Only the dispatcher
        // waits on it, one call at a time, so its own queue is never longer than one.
        var period = TimeSpan.FromMilliseconds(50);
        var perPeriod = Math.Max(1, (int)Math.Round(options.ProviderRequestsPerSecond * period.TotalSeconds));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(perPeriod, MaxTokens(options)),
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = MaxTokens(options),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    private async Task DispatchAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            while (true)
            {
                await _waiting.WaitAsync(stopping);
                await _concurrency.WaitAsync(stopping);
                Waiter? waiter;
                lock (_lock)
                {
                    _queue.TryDequeue(out waiter);
                    _dispatching = true;
                }

                try
                {
                    if (waiter is null || waiter.Task.IsCompleted)
                    {
                        // Cancelled while it waited (the engine is stopping): its slot goes to the next.
                        _concurrency.Release();
                        continue;
                    }

                    using var lease = await _rate.AcquireAsync(waiter.Tokens, stopping);
                    if (!waiter.TrySetResult(true))
                    {
                        _concurrency.Release();
                    }
                }
                finally
                {
                    lock (_lock)
                    {
                        _dispatching = false;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed: the engine stopped first, so nobody waits any more.
        }
    }

    private sealed class Waiter(int tokens) : TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public int Tokens => tokens;
    }
}
