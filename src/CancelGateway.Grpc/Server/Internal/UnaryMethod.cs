using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CancelGateway.Grpc.Server.Internal;

internal sealed class UnaryMethod<TRequest, TResponse>(MethodDescriptor descriptor, MessageParser<TRequest> parser, UnaryServerMethod<TRequest, TResponse> handler)
    : ServerMethod(descriptor)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override async Task HandleAsync(ServerCallContext call)
    {
        var request = await call.Reader.ReadSingleAsync(parser, call.CancellationToken);
        var response = await handler(request, call);
        if (call.DeadlineExceeded)
        {
            throw new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded.");
        }

        ResponseWriting.WriteMessage(call, response ?? throw new InvalidOperationException("A unary handler returned null."));
    }
}
