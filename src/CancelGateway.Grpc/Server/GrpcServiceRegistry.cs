using System.Collections.Frozen;
using CancelGateway.Grpc.Server.Internal;
using Google.Protobuf.Reflection;

namespace CancelGateway.Grpc.Server;

/// <summary>
/// Every service the server answers, bound from its descriptor once at start-up. Reflection
/// serves the same descriptors, so what is listed is exactly what is routed.
/// </summary>
public sealed class GrpcServiceRegistry
{
    internal GrpcServiceRegistry(IEnumerable<IGrpcService> services)
    {
        var methods = new Dictionary<string, ServerMethod>(StringComparer.Ordinal);
        var descriptors = new List<ServiceDescriptor>();
        foreach (var service in services)
        {
            var descriptor = service.Descriptor;
            if (descriptors.Exists(d => d.FullName == descriptor.FullName))
            {
                throw new InvalidOperationException($"Service '{descriptor.FullName}' is registered twice.");
            }

            var binder = new ServiceBinder(descriptor);
            service.Bind(binder);
            foreach (var method in binder.Methods)
            {
                methods.Add(method.Path, method);
            }

            descriptors.Add(descriptor);
        }

        Methods = methods.ToFrozenDictionary(StringComparer.Ordinal);
        Services = descriptors;
        ServiceNames = descriptors.Select(d => d.FullName).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The registered services, in registration order.</summary>
    public IReadOnlyList<ServiceDescriptor> Services { get; }

    internal FrozenDictionary<string, ServerMethod> Methods { get; }

    internal FrozenSet<string> ServiceNames { get; }
}
