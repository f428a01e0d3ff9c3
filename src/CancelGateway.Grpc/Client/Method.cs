using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CancelGateway.Grpc.Client;

/// <summary>Creates <see cref="Method{TRequest, TResponse}"/>s.</summary>
public static class Method
{
    /// <summary>The method <paramref name="name"/> of <paramref name="service"/>, with its types checked.</summary>
    public static Method<TRequest, TResponse> From<TRequest, TResponse>(ServiceDescriptor service, string name)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(service);
        var method = service.FindMethodByName(name) ?? throw new ArgumentException($"Service '{service.FullName}' has no method '{name}'.", nameof(name));
        if (method.InputType.FullName != new TRequest().Descriptor.FullName || method.OutputType.FullName != new TResponse().Descriptor.FullName)
        {
            throw new ArgumentException($"'{service.FullName}/{name}' is ({method.InputType.FullName}) -> {method.OutputType.FullName}, not ({typeof(TRequest).Name}) -> {typeof(TResponse).Name}.", nameof(name));
        }

        return new Method<TRequest, TResponse>("/" + service.FullName + "/" + name, method.IsClientStreaming, method.IsServerStreaming);
    }

    /// <summary>A method by path alone (for calling what has no descriptor here, such as an unknown method).</summary>
    public static Method<TRequest, TResponse> ByPath<TRequest, TResponse>(string path, bool clientStreaming = false, bool serverStreaming = false)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new() =>
        new(path, clientStreaming, serverStreaming);
}
