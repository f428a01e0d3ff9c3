using CancelGateway.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.Http;

/// <summary>How every provider registers its HTTP clients and its secrets.</summary>
internal static class ProviderHttpRegistration
{
    /// <summary>The default of each provider's MaxResponseBytes: 1 MiB, far above any answer the adapters read.</summary>
    public const long DefaultMaxResponseBytes = 1024 * 1024;

    /// <summary>
    /// Registers an HTTP client for a provider endpoint: no automatic redirects (a redirect is a
    /// failure, <see cref="ProviderHttp"/>), no HttpClient timeout (the core enforces the request
    /// timeout on the injected clock), and <typeparamref name="THandler"/> to authenticate each request.
    /// </summary>
    public static IHttpClientBuilder AddProviderHttpClient<THandler>(this IServiceCollection services, string name)
        where THandler : ProviderAuthHandler
    {
        services.TryAddTransient<THandler>();
        return services.AddProviderHttpClient(name).AddHttpMessageHandler<THandler>();
    }

    /// <summary>A provider HTTP client without an authentication handler (a token endpoint).</summary>
    public static IHttpClientBuilder AddProviderHttpClient(this IServiceCollection services, string name) =>
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });

    /// <summary>
    /// A provider's options bound from <paramref name="section"/> and checked by
    /// <typeparamref name="TValidator"/> at start-up, and the system clock unless a test gave another.
    /// </summary>
    public static IServiceCollection AddProviderOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>The provider's <see cref="ProviderSecrets"/>, keyed by provider.</summary>
    public static IServiceCollection AddProviderSecrets(this IServiceCollection services, Provider provider, Func<IServiceProvider, IEnumerable<string?>> configured)
    {
        services.TryAddKeyedSingleton(provider, (services, _) => new ProviderSecrets(configured(services)));
        return services;
    }
}
