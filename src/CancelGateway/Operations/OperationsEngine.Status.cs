using CancelGateway.V1;

namespace CancelGateway.Operations;

/// <content>What the services and health ask of the engine about itself: its providers and its readiness.</content>
internal sealed partial class OperationsEngine
{
    /// <summary>Whether an adapter for <paramref name="provider"/> is configured.</summary>
    public bool IsProviderConfigured(Provider provider) => _providers.TryGet(provider, out _);

    /// <summary>Whether <paramref name="provider"/> is configured and can force a stop beyond its normal cancel.</summary>
    public bool SupportsForce(Provider provider) => _providers.TryGet(provider, out var adapter) && adapter.SupportsForce;

    /// <summary>
    /// Whether the engine can accept work: at least one provider is configured and the store
    /// can be written (a read-only store answers reads, yet every Cancel would fail).
    /// </summary>
    public async Task<EngineReadiness> ReadinessAsync(CancellationToken cancellationToken)
    {
        if (_providers.All.Count == 0)
        {
            return EngineReadiness.NotReady("No provider is configured.");
        }

        return await _book.Store.PingAsync(cancellationToken)
            ? EngineReadiness.Ready
            : EngineReadiness.NotReady("The operation store cannot be written (read-only, full, locked or unreachable).");
    }
}
