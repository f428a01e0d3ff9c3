using Google.Protobuf.Reflection;

namespace CancelGateway.Grpc.Server.Internal;

/// <summary>A bound method: reads its request(s), runs the handler, writes its response(s). Status is the dispatcher's job.</summary>
internal abstract class ServerMethod(MethodDescriptor descriptor)
{
    public MethodDescriptor Descriptor { get; } = descriptor;

    /// <summary>The HTTP/2 path, <c>/package.Service/Method</c>.</summary>
    public string Path { get; } = "/" + descriptor.Service.FullName + "/" + descriptor.Name;

    /// <summary>True when the request is a stream (client-streaming or bidi).</summary>
    public bool IsRequestStreaming => Descriptor.IsClientStreaming;

    public abstract Task HandleAsync(ServerCallContext call);
}
