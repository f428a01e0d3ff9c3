using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CancelGateway.Grpc.Server.Internal;

internal sealed class ClientStreamingMethod<TRequest, TResponse>(MethodDescriptor descriptor, MessageParser<TRequest> parser, ClientStreamingServerMethod<TRequest, TResponse> handler)
    : ServerMethod(descriptor)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override async Task HandleAsync(ServerCallContext call)
    {
        var reader = new HttpRequestStreamReader<TRequest>(call, parser);
        var response = await handler(reader, call);
        if (call.DeadlineExceeded)
        {
            throw new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded.");
        }

        ResponseWriting.WriteMessage(call, response ?? throw new InvalidOperationException("A client-streaming handler returned null."));
    }
}
