using System.Diagnostics.CodeAnalysis;
using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>The configured provider adapters, by provider.</summary>
internal sealed class ProviderRegistry(IEnumerable<IPipelineProvider> providers)
{
    private readonly Dictionary<Provider, IPipelineProvider> _providers = providers.ToDictionary(p => p.Provider);

    public IReadOnlyCollection<IPipelineProvider> All => _providers.Values;

    public bool TryGet(Provider provider, out IPipelineProvider adapter) => _providers.TryGetValue(provider, out adapter!);

    /// <summary>The adapter of <paramref name="provider"/> as a lister of runs, when one is configured and can list.</summary>
    public bool TryGetLister(Provider provider, [NotNullWhen(true)] out IRunLister? lister)
    {
        lister = _providers.GetValueOrDefault(provider) as IRunLister;
        return lister is not null;
    }

    public IPipelineProvider Get(Provider provider) =>
        _providers.TryGetValue(provider, out var adapter) ? adapter : throw new InvalidOperationException($"No adapter is configured for {ProviderNames.Of(provider)}.");
}
