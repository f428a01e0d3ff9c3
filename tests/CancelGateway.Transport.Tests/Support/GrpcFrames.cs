using System.Buffers.Binary;
using System.IO.Compression;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>gRPC's length-prefixed messages (PROTOCOL-HTTP2), built and split by hand for the raw client.</summary>
public static class GrpcFrames
{
    /// <summary>One message: the compressed flag, a 4-byte big-endian length, the bytes.</summary>
    public static byte[] Frame(byte[] bytes, bool compressedFlag = false)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var frame = new byte[5 + bytes.Length];
        frame[0] = compressedFlag ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Splits a body into its messages; fails on a truncated one.</summary>
    public static List<(bool Compressed, byte[] Payload)> Split(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var frames = new List<(bool, byte[])>();
        var offset = 0;
        while (offset < body.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1, 4));
            frames.Add((body[offset] == 1, body.AsSpan(offset + 5, length).ToArray()));
            offset += 5 + length;
        }

        return frames;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public static byte[] Gunzip(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
