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
        // One index for both protocol versions, built once from the mapped endpoints.
        services.AddSingleton(provider => new ReflectionIndex(MappedServices(provider)));
        services.AddSingleton(provider => provider.GetRequiredService<ReflectionIndex>().V1Alpha());
        services.AddSingleton(provider => provider.GetRequiredService<ReflectionIndex>().V1());
        services.AddGrpcReflection();
        return services;
    }

    private static IEnumerable<FileDescriptor> Files(IEnumerable<ServiceDescriptor> services) =>
        services.Select(service => service.File).Append(Google.Rpc.ErrorDetailsReflection.Descriptor).Distinct();

    /// <summary>The served service names and the symbols of their files (plus error_details).</summary>
    private sealed class ReflectionIndex(List<ServiceDescriptor> services)
    {
        private readonly List<string> _names = services.Select(service => service.FullName).ToList();
        private readonly SymbolRegistry _symbols = SymbolRegistry.FromFiles(Files(services));

        public ReflectionServiceImpl V1Alpha() => new(_names, _symbols);

        public ReflectionV1ServiceImpl V1() => new(_names, _symbols);
    }

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
