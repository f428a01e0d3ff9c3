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
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _dispatcher;

    // Replaced (and the old limiter disposed) when the replicas' share changes; the dispatcher,
    // the only one that waits on a limiter, then waits on the new one.
    private volatile RateShare _rate;
    private int _replicas = 1;

    // Concurrency slots held back for the other replicas (taken as they free up), and how many
    // the current share wants held back.
    private int _reserved;
    private int _toReserve;

    // True while the dispatcher holds a waiter it took from the queue (waiting for tokens): a
    // newcomer must not pass it by the fast path.
    private bool _dispatching;

    public ProviderLine(EngineOptions options)
    {
        _options = options;
        _concurrency = new SemaphoreSlim(options.ProviderConcurrency);
        _rate = RateShare.Create(options.ProviderRequestsPerSecond, replicas: 1);

        // The dispatcher outlives the request that happened to create this line: none of its context.
        using (ExecutionContext.SuppressFlow())
        {
            _dispatcher = Task.Run(DispatchAsync);
        }
    }

    public async Task<T> RunAsync<T>(ProviderWork work, Func<CancellationToken, Task<T>> call, int requests, CancellationToken cancellationToken)
    {
        var tokens = Math.Clamp(requests, 1, _rate.MaxTokens);
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

    /// <summary>
    /// Takes a 1/<paramref name="replicas"/> share of the provider's rate and concurrency cap, so
    /// that the live replicas together stay within them (see <see cref="RateShare"/>).
    /// </summary>
    public void ShareAmong(int replicas)
    {
        replicas = Math.Max(1, replicas);
        lock (_lock)
        {
            if (replicas == _replicas)
            {
                return;
            }

            _replicas = replicas;
            var replaced = _rate;
            _rate = RateShare.Create(_options.ProviderRequestsPerSecond, replicas);
            replaced.Limiter.Dispose();
            _toReserve = _options.ProviderConcurrency - Math.Max(1, _options.ProviderConcurrency / replicas);
            while (_reserved > _toReserve)
            {
                _reserved--;
                _concurrency.Release();
            }

            // Free slots are held back now; those in use, as they come free.
            while (_reserved < _toReserve && _concurrency.Wait(0))
            {
                _reserved++;
            }

            if (_reserved >= _toReserve)
            {
                return;
            }
        }

        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(ReserveAsync);
        }
    }

    private async Task ReserveAsync()
    {
        try
        {
            while (true)
            {
                lock (_lock)
                {
                    if (_reserved >= _toReserve)
                    {
                        return;
                    }
                }

                await _concurrency.WaitAsync(_stopping.Token);
                lock (_lock)
                {
                    if (_reserved < _toReserve)
                    {
                        _reserved++;
                        continue;
                    }
                }

                _concurrency.Release();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _dispatcher.Wait(TimeSpan.FromSeconds(5));
        _rate.Limiter.Dispose();
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

            var rate = _rate;
            using var lease = rate.Limiter.AttemptAcquire(Math.Min(tokens, rate.MaxTokens));
            if (!lease.IsAcquired)
            {
                _concurrency.Release();
            }

            return lease.IsAcquired;
        }
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

                    using var lease = await AcquireRateAsync(waiter.Tokens, stopping);
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

    /// <summary>Waits for tokens of the current share; when the share is replaced meanwhile (its limiter disposed), waits on the new one.</summary>
    private async Task<RateLimitLease> AcquireRateAsync(int tokens, CancellationToken stopping)
    {
        while (true)
        {
            var rate = _rate;
            RateLimitLease lease;
            try
            {
                lease = await rate.Limiter.AcquireAsync(Math.Min(tokens, rate.MaxTokens), stopping);
            }
            catch (ObjectDisposedException) when (!ReferenceEquals(rate, _rate))
            {
                continue;
            }

            if (lease.IsAcquired || ReferenceEquals(rate, _rate))
            {
                return lease;
            }

            lease.Dispose();
        }
    }

    private sealed class Waiter(int tokens) : TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public int Tokens => tokens;
    }
}
