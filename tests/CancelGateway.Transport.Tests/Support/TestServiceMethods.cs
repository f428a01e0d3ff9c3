using Google.Protobuf;
using Grpc.Core;
using Grpc.Testing;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// grpc.testing.TestService's methods for Grpc.Net.Client. The interop server generates only the
/// server side, so the client side is described here from the same generated messages.
/// </summary>
public static class TestServiceMethods
{
    private const string Service = "grpc.testing.TestService";

    public static Method<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall { get; } =
        Create<StreamingInputCallRequest, StreamingInputCallResponse>(MethodType.ClientStreaming, "StreamingInputCall");

    public static Method<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall { get; } =
        Create<StreamingOutputCallRequest, StreamingOutputCallResponse>(MethodType.ServerStreaming, "StreamingOutputCall");

    public static Method<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall { get; } =
        Create<StreamingOutputCallRequest, StreamingOutputCallResponse>(MethodType.DuplexStreaming, "FullDuplexCall");

    private static Method<TRequest, TResponse> Create<TRequest, TResponse>(MethodType type, string name)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new() =>
        new(type, Service, name, Marshallers.Create(r => r.ToByteArray(), b => new MessageParser<TRequest>(() => new TRequest()).ParseFrom(b)), Marshallers.Create(r => r.ToByteArray(), b => new MessageParser<TResponse>(() => new TResponse()).ParseFrom(b)));
}
