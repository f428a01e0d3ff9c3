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

    /// <summary>Runs one provider call that makes <paramref name="requests"/> HTTP requests, once its turn comes and the rate and the concurrency cap allow.</summary>
    public Task<T> RunAsync<T>(Provider provider, ProviderWork work, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, int requests = 1) =>
        _lines.GetOrAdd(provider, _ => new Lazy<ProviderLine>(() => new ProviderLine(options))).Value.RunAsync(work, call, requests, cancellationToken);

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
