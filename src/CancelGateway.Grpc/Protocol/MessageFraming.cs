using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace CancelGateway.Grpc.Protocol;

/// <summary>
/// The length-prefixed message of PROTOCOL-HTTP2.md: one byte compressed flag, four bytes
/// big-endian length, then the (possibly compressed) protobuf bytes. The only place that
/// knows the layout.
/// </summary>
internal static class MessageFraming
{
    /// <summary>
    /// Takes one whole frame from the front of <paramref name="buffer"/>. Returns false when
    /// more bytes are needed. Throws for a frame larger than the limit (RESOURCE_EXHAUSTED)
    /// or a flag byte that is neither 0 nor 1 (INTERNAL).
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxSize, out bool compressed, out ReadOnlySequence<byte> payload)
    {
        compressed = false;
        payload = default;
        if (buffer.Length < GrpcProtocolConstants.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocolConstants.HeaderSize];
        buffer.Slice(0, GrpcProtocolConstants.HeaderSize).CopyTo(header);
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(StatusCode.Internal, $"Invalid compressed flag {header[0]} in the message prefix."),
        };

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {maxSize}).");
        }

        if (buffer.Length < GrpcProtocolConstants.HeaderSize + length)
        {
            return false;
        }

        payload = buffer.Slice(GrpcProtocolConstants.HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>
    /// Turns a frame's payload into a message, decompressing it first when its flag says so.
    /// A compressed frame needs a <c>grpc-encoding</c> (INTERNAL otherwise, as the spec says).
    /// </summary>
    public static T ParsePayload<T>(MessageParser<T> parser, ReadOnlySequence<byte> payload, bool compressed, string? encoding, int maxSize)
        where T : IMessage<T>
    {
        try
        {
            if (!compressed)
            {
                return parser.ParseFrom(payload);
            }

            if (encoding is null || encoding == GrpcProtocolConstants.IdentityEncoding)
            {
                throw new RpcException(StatusCode.Internal, "A message was flagged compressed but the call has no grpc-encoding.");
            }

            if (encoding != GrpcProtocolConstants.GzipEncoding)
            {
                throw new RpcException(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{encoding}'.");
            }

            var decompressed = Gunzip(payload, maxSize);
            return parser.ParseFrom(decompressed);
        }
        catch (InvalidProtocolBufferException)
        {
            // The message text says which field broke; it is the peer's bytes, not our internals.
            throw new RpcException(StatusCode.Internal, $"Failed to deserialize the message as {typeof(T).Name}.");
        }
        catch (InvalidDataException)
        {
            throw new RpcException(StatusCode.Internal, "Failed to decompress the message: not valid gzip.");
        }
    }

    /// <summary>Writes one frame for <paramref name="message"/>; gzip when <paramref name="compress"/>.</summary>
    public static void WriteMessage(IBufferWriter<byte> writer, IMessage message, bool compress)
    {
        var size = message.CalculateSize();
        if (!compress)
        {
            var span = writer.GetSpan(GrpcProtocolConstants.HeaderSize + size);
            span[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
            message.WriteTo(span.Slice(GrpcProtocolConstants.HeaderSize, size));
            writer.Advance(GrpcProtocolConstants.HeaderSize + size);
            return;
        }

        var raw = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            message.WriteTo(raw.AsSpan(0, size));
            using var compressedBytes = new MemoryStream();
            using (var gzip = new GZipStream(compressedBytes, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(raw, 0, size);
            }

            var length = (int)compressedBytes.Length;
            var span = writer.GetSpan(GrpcProtocolConstants.HeaderSize + length);
            span[0] = 1;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            compressedBytes.GetBuffer().AsSpan(0, length).CopyTo(span[GrpcProtocolConstants.HeaderSize..]);
            writer.Advance(GrpcProtocolConstants.HeaderSize + length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    private static byte[] Gunzip(ReadOnlySequence<byte> payload, int maxSize)
    {
        using var input = new MemoryStream(payload.ToArray(), writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                // A small compressed frame can inflate without bound; the limit is on what we hold.
                if (output.Length + read > maxSize)
                {
                    throw new RpcException(StatusCode.ResourceExhausted, $"Decompressed message larger than max ({maxSize}).");
                }

                output.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return output.ToArray();
    }
}
