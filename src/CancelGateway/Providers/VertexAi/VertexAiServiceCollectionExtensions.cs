using CancelGateway.Providers.Http;
using CancelGateway.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CancelGateway.Providers.VertexAi;

/// <summary>Composition of the Vertex AI adapter.</summary>
internal static class VertexAiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Vertex AI adapter as an <see cref="IPipelineProvider"/>, its options (bound
    /// from <c>Providers:VertexAi</c>, validated at start-up), its credentials and its HTTP client.
    /// </summary>
    public static IServiceCollection AddVertexAi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddProviderOptions<VertexAiOptions, VertexAiOptionsValidator>(configuration, VertexAiOptions.SectionName);
        services.TryAddSingleton<IVertexAccessTokenSource, GoogleAccessTokenSource>();

        services.AddProviderSecrets(Provider.VertexAi, _ => []);
        services.AddProviderHttpClient<VertexBearerHandler>(VertexAiProvider.HttpClientName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPipelineProvider, VertexAiProvider>());
        return services;
    }
}
