using CancelGateway.Providers.Http;
using CancelGateway.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.CodeArts;

/// <summary>Composition of the CodeArts adapter.</summary>
internal static class CodeArtsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the CodeArts adapter as an <see cref="IPipelineProvider"/>, its options (bound from
    /// <c>Providers:CodeArts</c>, validated at start-up), its authenticator (AK/SK signing, or IAM
    /// tokens cached per region) and its HTTP client.
    /// </summary>
    public static IServiceCollection AddCodeArts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddProviderOptions<CodeArtsOptions, CodeArtsOptionsValidator>(configuration, CodeArtsOptions.SectionName);
        services.TryAddSingleton<IamTokenClient>();
        services.TryAddSingleton<IamTokenCache>();
        services.TryAddSingleton<ICodeArtsAuthenticator>(provider =>
            provider.GetRequiredService<IOptions<CodeArtsOptions>>().Value.EffectiveAuth == CodeArtsAuthMode.AkSk
                ? ActivatorUtilities.CreateInstance<AkSkAuthenticator>(provider)
                : ActivatorUtilities.CreateInstance<TokenAuthenticator>(provider));

        services.AddProviderSecrets(Provider.Codearts, provider => provider.GetRequiredService<IOptions<CodeArtsOptions>>().Value.Secrets);
        services.AddProviderHttpClient<CodeArtsAuthHandler>(CodeArtsProvider.HttpClientName);
        services.AddProviderHttpClient(IamTokenClient.HttpClientName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPipelineProvider, CodeArtsProvider>());
        return services;
    }
}
