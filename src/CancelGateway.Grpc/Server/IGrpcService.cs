using Google.Protobuf.Reflection;

namespace CancelGateway.Grpc.Server;

/// <summary>A service implementation: which protobuf service it is and how its methods are bound.</summary>
public interface IGrpcService
{
    /// <summary>The protobuf service this implements.</summary>
    ServiceDescriptor Descriptor { get; }

    /// <summary>Binds handlers to the service's methods.</summary>
    void Bind(ServiceBinder binder);
}
