using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;

namespace CancelGateway.Grpc.Protocol;

/// <summary>Reads length-prefixed messages from a pipe: the request body on the server, the response body on the client.</summary>
internal sealed class PipeMessageReader(PipeReader reader, int maxReceiveSize, string? encoding)
{
    /// <summary>Whether the message most recently returned arrived compressed.</summary>
    public bool LastMessageCompressed { get; private set; }

    /// <summary>Reads the next message, or null at a clean end of stream.</summary>
    public async ValueTask<T?> ReadNextAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (TryTakeMessage(ref buffer, parser, out var message))
            {
                reader.AdvanceTo(buffer.Start);
                return message;
            }

            if (result.IsCompleted)
            {
                var leftover = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (leftover == 0)
                {
                    return null;
                }

                throw new RpcException(StatusCode.Internal, "Incomplete message: the stream ended inside a length-prefixed message.");
            }

            if (result.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Reads the single message of a unary request or response: exactly one message, then the
    /// end of the stream. Usually one read, as END_STREAM arrives with the DATA frame.
    /// </summary>
    public async ValueTask<T> ReadSingleAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (result.IsCompleted)
            {
                try
                {
                    if (!TryTakeMessage(ref buffer, parser, out var message))
                    {
                        throw buffer.IsEmpty
                            ? new RpcException(StatusCode.Internal, "The request ended without a message.")
                            : new RpcException(StatusCode.Internal, "Incomplete message: the stream ended inside a length-prefixed message.");
                    }

                    if (!buffer.IsEmpty)
                    {
                        throw new RpcException(StatusCode.Internal, "Additional data after the single message of a unary call.");
                    }

                    return message;
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
            }

            if (result.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            // Reject an oversized message as soon as its prefix is in, not after buffering it.
            if (buffer.Length >= GrpcProtocolConstants.HeaderSize)
            {
                var probe = buffer;
                if (MessageFraming.TryReadFrame(ref probe, maxReceiveSize, out _, out _) && probe.Length >= GrpcProtocolConstants.HeaderSize)
                {
                    MessageFraming.TryReadFrame(ref probe, maxReceiveSize, out _, out _);
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private bool TryTakeMessage<T>(ref ReadOnlySequence<byte> buffer, MessageParser<T> parser, out T message)
        where T : class, IMessage<T>
    {
        if (!MessageFraming.TryReadFrame(ref buffer, maxReceiveSize, out var compressed, out var payload))
        {
            message = null!;
            return false;
        }

        LastMessageCompressed = compressed;
        message = MessageFraming.ParsePayload(parser, payload, compressed, encoding, maxReceiveSize);
        return true;
    }
}
