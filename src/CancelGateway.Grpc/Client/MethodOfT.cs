using Google.Protobuf;

namespace CancelGateway.Grpc.Client;

/// <summary>A method to call, taken from its protobuf descriptor so path and types cannot drift apart.</summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class Method<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    internal Method(string path, bool clientStreaming, bool serverStreaming)
    {
        Path = path;
        IsClientStreaming = clientStreaming;
        IsServerStreaming = serverStreaming;
    }

    /// <summary>The HTTP/2 path, <c>/package.Service/Method</c>.</summary>
    public string Path { get; }

    /// <summary>Whether the request is a stream.</summary>
    public bool IsClientStreaming { get; }

    /// <summary>Whether the response is a stream.</summary>
    public bool IsServerStreaming { get; }

    internal MessageParser<TResponse> ResponseParser { get; } = new(static () => new TResponse());
}
