using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CancelGateway.Grpc.Server.Internal;

internal sealed class ServerStreamingMethod<TRequest, TResponse>(MethodDescriptor descriptor, MessageParser<TRequest> parser, ServerStreamingServerMethod<TRequest, TResponse> handler)
    : ServerMethod(descriptor)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override async Task HandleAsync(ServerCallContext call)
    {
        var request = await call.Reader.ReadSingleAsync(parser, call.CancellationToken);
        var writer = new HttpResponseStreamWriter<TResponse>(call);
        try
        {
            await handler(request, writer, call);
        }
        finally
        {
            writer.Complete();
        }
    }
}
