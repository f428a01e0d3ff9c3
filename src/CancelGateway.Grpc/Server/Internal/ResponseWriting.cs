using CancelGateway.Grpc.Protocol;
using Google.Protobuf;

namespace CancelGateway.Grpc.Server.Internal;

/// <summary>Writes one response message into the response body (no flush: unary responses flush once, with the trailers).</summary>
internal static class ResponseWriting
{
    public static void WriteMessage(ServerCallContext call, IMessage message)
    {
        if (call.Options.MaxSendMessageSize is { } max)
        {
            var size = message.CalculateSize();
            if (size > max)
            {
                throw new RpcException(StatusCode.ResourceExhausted, $"Sending message larger than max ({size} vs. {max}).");
            }
        }

        call.PrepareResponseHeaders();
        MessageFraming.WriteMessage(call.HttpContext.Response.BodyWriter, message, call.CompressNextMessage);
    }
}
