using System.Buffers;
using CancelGateway.Grpc.Protocol;
using CancelGateway.Grpc.Tests.Probe;
using Google.Protobuf;
using CancelGateway.Grpc.Tests.Support;
using Xunit;

namespace CancelGateway.Grpc.Tests.Protocol;

public sealed class MessageFramingTests
{
    [Fact]
    public void WriteThenRead_Uncompressed_RoundTrips()
    {
        var writer = new ArrayBufferWriter<byte>();
        MessageFraming.WriteMessage(writer, new EchoRequest { Text = "hi" }, compress: false);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 4, 0x0a, 0x02, (byte)'h', (byte)'i' }, writer.WrittenSpan.ToArray());

        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        Assert.True(MessageFraming.TryReadFrame(ref buffer, 100, out var compressed, out var payload));
        Assert.False(compressed);
        Assert.True(buffer.IsEmpty);
        Assert.Equal("hi", MessageFraming.ParsePayload(EchoRequest.Parser, payload, compressed, null, 100).Text);
    }

    [Fact]
    public void WriteThenRead_Gzip_RoundTrips()
    {
        var writer = new ArrayBufferWriter<byte>();
        var text = new string('a', 10_000);
        MessageFraming.WriteMessage(writer, new EchoRequest { Text = text }, compress: true);
        Assert.Equal(1, writer.WrittenSpan[0]);
        Assert.True(writer.WrittenCount < 1000, "10 000 repeated bytes should shrink under gzip");

        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        Assert.True(MessageFraming.TryReadFrame(ref buffer, 1 << 20, out var compressed, out var payload));
        Assert.Equal(text, MessageFraming.ParsePayload(EchoRequest.Parser, payload, compressed, "gzip", 1 << 20).Text);
    }

    [Fact]
    public void TryReadFrame_SplitAcrossSegments_WaitsThenReads()
    {
        byte[] frame = [0, 0, 0, 0, 4, 0x0a, 0x02, (byte)'h', (byte)'i'];
        var partial = new ReadOnlySequence<byte>(frame.AsMemory(0, 7));
        Assert.False(MessageFraming.TryReadFrame(ref partial, 100, out _, out _));
        Assert.Equal(7, partial.Length);

        var whole = SegmentedSequence.Of(frame.AsMemory(0, 3), frame.AsMemory(3, 4), frame.AsMemory(7));
        Assert.True(MessageFraming.TryReadFrame(ref whole, 100, out _, out var payload));
        Assert.Equal(4, payload.Length);
    }

    [Fact]
    public void TryReadFrame_LengthOverLimit_ResourceExhaustedBeforeBody()
    {
        byte[] prefix = [0, 0, 0x10, 0, 1];
        var buffer = new ReadOnlySequence<byte>(prefix);
        var error = Assert.Throws<RpcException>(() => MessageFraming.TryReadFrame(ref buffer, 1024, out _, out _));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public void TryReadFrame_FlagNotZeroOrOne_Internal()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 7, 0, 0, 0, 0 });
        Assert.Equal(StatusCode.Internal, Assert.Throws<RpcException>(() => MessageFraming.TryReadFrame(ref buffer, 1024, out _, out _)).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    public void ParsePayload_CompressedWithoutEncoding_Internal(string? encoding)
    {
        var payload = new ReadOnlySequence<byte>(new byte[] { 1, 2, 3 });
        var error = Assert.Throws<RpcException>(() => MessageFraming.ParsePayload(EchoRequest.Parser, payload, compressed: true, encoding, 100));
        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public void ParsePayload_GarbageBytes_InternalNamingTheType()
    {
        var payload = new ReadOnlySequence<byte>(new byte[] { 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f });
        var error = Assert.Throws<RpcException>(() => MessageFraming.ParsePayload(EchoRequest.Parser, payload, compressed: false, null, 100));
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains(nameof(EchoRequest), error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ParsePayload_GzipBombOverLimit_ResourceExhausted()
    {
        var writer = new ArrayBufferWriter<byte>();
        MessageFraming.WriteMessage(writer, new EchoRequest { Text = new string('z', 200_000) }, compress: true);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        Assert.True(MessageFraming.TryReadFrame(ref buffer, 4096, out var compressed, out var payload), "the compressed frame itself is small");
        var error = Assert.Throws<RpcException>(() => MessageFraming.ParsePayload(EchoRequest.Parser, payload, compressed, "gzip", 4096));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public void ParsePayload_CompressedButNotGzip_Internal()
    {
        var payload = new ReadOnlySequence<byte>(new EchoRequest { Text = "x" }.ToByteArray());
        Assert.Equal(StatusCode.Internal, Assert.Throws<RpcException>(() => MessageFraming.ParsePayload(EchoRequest.Parser, payload, true, "gzip", 100)).StatusCode);
    }
}
