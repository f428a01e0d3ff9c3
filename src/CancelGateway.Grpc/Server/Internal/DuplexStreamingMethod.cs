using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CancelGateway.Grpc.Server.Internal;

internal sealed class DuplexStreamingMethod<TRequest, TResponse>(MethodDescriptor descriptor, MessageParser<TRequest> parser, DuplexStreamingServerMethod<TRequest, TResponse> handler)
    : ServerMethod(descriptor)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override async Task HandleAsync(ServerCallContext call)
    {
        var reader = new HttpRequestStreamReader<TRequest>(call, parser);
        var writer = new HttpResponseStreamWriter<TResponse>(call);
        try
        {
            await handler(reader, writer, call);
        }
        finally
        {
            writer.Complete();
        }
    }
}
