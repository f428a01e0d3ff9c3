using CancelGateway.Providers.Http;
using CancelGateway.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.SageMaker;

/// <summary>Composition of the SageMaker adapter.</summary>
internal static class SageMakerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SageMaker adapter as an <see cref="IPipelineProvider"/>, its options (bound
    /// from <c>Providers:SageMaker</c>, validated at start-up), its credentials and its HTTP client.
    /// </summary>
    public static IServiceCollection AddSageMaker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddProviderOptions<SageMakerOptions, SageMakerOptionsValidator>(configuration, SageMakerOptions.SectionName);
        services.TryAddSingleton<ISageMakerCredentialSource, AwsCredentialSource>();

        services.AddProviderSecrets(Provider.Sagemaker, provider =>
        {
            var options = provider.GetRequiredService<IOptions<SageMakerOptions>>().Value;
            return [options.SecretAccessKey, options.SessionToken];
        });
        services.AddProviderHttpClient<SageMakerSigningHandler>(SageMakerProvider.HttpClientName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPipelineProvider, SageMakerProvider>());
        return services;
    }
}
