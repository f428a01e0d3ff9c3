using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace CancelGateway.Hosting;

/// <summary>
/// Server reflection (v1 and v1alpha) over the services the gateway maps, plus
/// google/rpc/error_details.proto: no service uses its types, but every error carries them in
/// <c>grpc-status-details-bin</c>, and grpcurl / buf curl can print an ErrorInfo or BadRequest
/// only when reflection can resolve it.
/// </summary>
internal static class GatewayReflection
{
    public static IServiceCollection AddGatewayReflection(this IServiceCollection services)
    {
        // Registered before AddGrpcReflection, whose own registrations are TryAdd: these win.
        services.AddSingleton(provider => new ReflectionServiceImpl(ServiceNames(provider), Registry(provider)));
        services.AddSingleton(provider => new ReflectionV1ServiceImpl(ServiceNames(provider), Registry(provider)));
        services.AddSingleton(provider => SymbolRegistry.FromFiles(Files(MappedServices(provider))));
        services.AddGrpcReflection();
        return services;
    }

    private static SymbolRegistry Registry(IServiceProvider provider) => provider.GetRequiredService<SymbolRegistry>();

    private static List<string> ServiceNames(IServiceProvider provider) =>
        MappedServices(provider).Select(service => service.FullName).ToList();

    private static IEnumerable<FileDescriptor> Files(IEnumerable<ServiceDescriptor> services) =>
        services.Select(service => service.File).Append(Google.Rpc.ErrorDetailsReflection.Descriptor).Distinct();

    /// <summary>The descriptors of the gRPC services mapped as endpoints (found as grpc-dotnet's own reflection does).</summary>
    private static List<ServiceDescriptor> MappedServices(IServiceProvider provider)
    {
        var endpoints = provider.GetRequiredService<EndpointDataSource>().Endpoints;
        return endpoints
            .Select(endpoint => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>()?.ServiceType)
            .OfType<Type>()
            .Distinct()
            .Select(DescriptorOf)
            .OfType<ServiceDescriptor>()
            .DistinctBy(service => service.FullName)
            .ToList();
    }

    /// <summary>
    /// The generated <c>Foo.FooBase</c> is nested in the static class <c>Foo</c>, which holds
    /// the service's <c>Descriptor</c>.
    /// </summary>
    private static ServiceDescriptor? DescriptorOf(Type serviceType)
    {
        for (var type = serviceType; type is not null; type = type.BaseType)
        {
            if (type.DeclaringType?.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null) is ServiceDescriptor descriptor)
            {
                return descriptor;
            }
        }

        return null;
    }
}
