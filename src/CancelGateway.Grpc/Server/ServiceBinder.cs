using CancelGateway.Grpc.Server.Internal;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CancelGateway.Grpc.Server;

/// <summary>
/// Binds handlers to the methods of one protobuf service. Each binding is checked against the
/// descriptor (the method exists, its streaming kind and message types match); a wrong
/// binding throws, so a bad service fails the start, not the first call. Methods left unbound
/// answer UNIMPLEMENTED.
/// </summary>
public sealed class ServiceBinder
{
    private readonly Dictionary<string, ServerMethod> _methods = new(StringComparer.Ordinal);

    internal ServiceBinder(ServiceDescriptor service)
    {
        Service = service;
    }

    /// <summary>The service being bound.</summary>
    public ServiceDescriptor Service { get; }

    internal IReadOnlyCollection<ServerMethod> Methods => _methods.Values;

    /// <summary>Binds a unary method.</summary>
    public ServiceBinder Unary<TRequest, TResponse>(string methodName, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Check<TRequest, TResponse>(methodName, clientStreaming: false, serverStreaming: false, handler);
        return Add(new UnaryMethod<TRequest, TResponse>(method, new MessageParser<TRequest>(static () => new TRequest()), handler));
    }

    /// <summary>Binds a server-streaming method.</summary>
    public ServiceBinder ServerStreaming<TRequest, TResponse>(string methodName, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Check<TRequest, TResponse>(methodName, clientStreaming: false, serverStreaming: true, handler);
        return Add(new ServerStreamingMethod<TRequest, TResponse>(method, new MessageParser<TRequest>(static () => new TRequest()), handler));
    }

    /// <summary>Binds a client-streaming method.</summary>
    public ServiceBinder ClientStreaming<TRequest, TResponse>(string methodName, ClientStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Check<TRequest, TResponse>(methodName, clientStreaming: true, serverStreaming: false, handler);
        return Add(new ClientStreamingMethod<TRequest, TResponse>(method, new MessageParser<TRequest>(static () => new TRequest()), handler));
    }

    /// <summary>Binds a bidirectional-streaming method.</summary>
    public ServiceBinder DuplexStreaming<TRequest, TResponse>(string methodName, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Check<TRequest, TResponse>(methodName, clientStreaming: true, serverStreaming: true, handler);
        return Add(new DuplexStreamingMethod<TRequest, TResponse>(method, new MessageParser<TRequest>(static () => new TRequest()), handler));
    }

    private MethodDescriptor Check<TRequest, TResponse>(string methodName, bool clientStreaming, bool serverStreaming, Delegate handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Service.FindMethodByName(methodName)
            ?? throw new InvalidOperationException($"Service '{Service.FullName}' has no method '{methodName}' to bind.");
        if (method.IsClientStreaming != clientStreaming || method.IsServerStreaming != serverStreaming)
        {
            throw new InvalidOperationException(
                $"'{Service.FullName}/{methodName}' is {Kind(method.IsClientStreaming, method.IsServerStreaming)} but was bound as {Kind(clientStreaming, serverStreaming)}.");
        }

        CheckType(method, "request", method.InputType, new TRequest().Descriptor);
        CheckType(method, "response", method.OutputType, new TResponse().Descriptor);
        if (_methods.ContainsKey(methodName))
        {
            throw new InvalidOperationException($"'{Service.FullName}/{methodName}' is bound twice.");
        }

        return method;
    }

    private ServiceBinder Add(ServerMethod method)
    {
        _methods.Add(method.Descriptor.Name, method);
        return this;
    }

    private static void CheckType(MethodDescriptor method, string role, MessageDescriptor expected, MessageDescriptor actual)
    {
        if (expected.FullName != actual.FullName)
        {
            throw new InvalidOperationException(
                $"'{method.Service.FullName}/{method.Name}' takes {expected.FullName} as its {role} but was bound with {actual.FullName}.");
        }
    }

    private static string Kind(bool clientStreaming, bool serverStreaming) => (clientStreaming, serverStreaming) switch
    {
        (false, false) => "unary",
        (false, true) => "server-streaming",
        (true, false) => "client-streaming",
        _ => "bidi-streaming",
    };
}
