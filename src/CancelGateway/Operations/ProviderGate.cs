using System.Collections.Concurrent;
using CancelGateway.V1;

namespace CancelGateway.Operations;

/// <summary>
/// Per-provider limits on what the engine sends, and the order it is sent in: each provider
/// has a <see cref="ProviderLine"/> (a token bucket for the rate, a cap on concurrent requests,
/// and a <see cref="FairQueue{T}"/> deciding who goes next). Every provider call the engine
/// makes passes through here.
/// </summary>
internal sealed class ProviderGate(EngineOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<Provider, Lazy<ProviderLine>> _lines = new();
    private volatile int _replicas = 1;

    /// <summary>Runs one provider call that makes <paramref name="requests"/> HTTP requests, once its turn comes and the rate and the concurrency cap allow.</summary>
    public Task<T> RunAsync<T>(Provider provider, ProviderWork work, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, int requests = 1) =>
        _lines.GetOrAdd(provider, _ => new Lazy<ProviderLine>(() =>
        {
            var line = new ProviderLine(options);
            line.ShareAmong(_replicas);
            return line;
        })).Value.RunAsync(work, call, requests, cancellationToken);

    /// <summary>Shares every provider's rate and concurrency cap among <paramref name="replicas"/> live replicas (1: all of it).</summary>
    public void ShareAmong(int replicas)
    {
        _replicas = Math.Max(1, replicas);
        foreach (var line in _lines.Values)
        {
            line.Value.ShareAmong(_replicas);
        }
    }

    public void Dispose()
    {
        foreach (var line in _lines.Values)
        {
            if (line.IsValueCreated)
            {
                line.Value.Dispose();
            }
        }
    }
}
