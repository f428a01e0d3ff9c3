using CancelGateway.Grpc.Health;
using CancelGateway.Grpc.Reflection;
using CancelGateway.Grpc.Server;
using CancelGateway.Grpc.Server.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CancelGateway.Grpc.Hosting;

/// <summary>Registers the gRPC server layer and its services.</summary>
public static class GrpcServerServiceCollectionExtensions
{
    /// <summary>Adds the server layer; options are validated at start-up.</summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        services.AddOptions<GrpcServerOptions>()
            .Configure(options => configure?.Invoke(options))
            .Validate(
                static options =>
                {
                    options.Validate();
                    return true;
                })
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new GrpcServiceRegistry(provider.GetServices<IGrpcService>()));
        services.TryAddSingleton<GrpcCallDispatcher>();
        return services;
    }

    /// <summary>Adds a service implementation, created once from the container.</summary>
    public static IServiceCollection AddGrpcService<TService>(this IServiceCollection services)
        where TService : class, IGrpcService
    {
        services.TryAddSingleton<TService>();
        services.AddSingleton<IGrpcService>(provider => provider.GetRequiredService<TService>());
        return services;
    }

    /// <summary>Adds server reflection (v1 and v1alpha) over the registered services' descriptors.</summary>
    public static IServiceCollection AddGrpcReflection(this IServiceCollection services)
    {
        services.TryAddSingleton<ReflectionIndex>();
        services.AddGrpcService<ReflectionServiceV1>();
        services.AddGrpcService<ReflectionServiceV1Alpha>();
        return services;
    }

    /// <summary>Adds <c>grpc.health.v1.Health</c>; statuses are set through <see cref="HealthStatusStore"/>.</summary>
    public static IServiceCollection AddGrpcHealth(this IServiceCollection services)
    {
        services.TryAddSingleton<HealthStatusStore>();
        services.AddGrpcService<HealthService>();
        return services;
    }
}
