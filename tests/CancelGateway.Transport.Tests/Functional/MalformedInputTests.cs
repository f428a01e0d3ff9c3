using System.Globalization;
using System.Net;
using CancelGateway.Hosting;
using CancelGateway.Transport.Tests.Probe;
using CancelGateway.Transport.Tests.Support;
using Google.Protobuf;
using Xunit;

namespace CancelGateway.Transport.Tests.Functional;

/// <summary>
/// Bad input, sent with a raw HTTP/2 client, never crashes or hangs the server and always gets
/// an answer with the status grpc-dotnet, configured as the gateway configures it, gives.
/// </summary>
public sealed class MalformedInputTests : IAsyncLifetime
{
    private const string Echo = "/probe.v1.ProbeService/Echo";

    // With detailed errors off, what a caller sees of an exception thrown while handling its call.
    private const string GenericHandlerMessage = "Exception was thrown by handler.";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private ProbeServer _server = null!;
    private RawGrpcClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ProbeServer.StartAsync();
        _client = new RawGrpcClient(_server.Address);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await ServerLogs.AssertNoErrorsAsync(_server.Logs, expected: UndecodableRequestLog.Matches);
        await _server.DisposeAsync();
    }

    // grpc-dotnet answers INTERNAL for framing it rejects itself and RESOURCE_EXHAUSTED above the
    // receive limit. A message it cannot decode (bad protobuf, a flag byte neither 0 nor 1, a
    // length prefix of 2 GiB or more) fails in the generated parser or the frame reader instead,
    // which grpc-dotnet handles like a handler exception: UNKNOWN with the generic message
    // (grpc-go and grpc-java answer INTERNAL, and RESOURCE_EXHAUSTED for the huge prefix).
    public static TheoryData<string, byte[], int> BadBodies => new()
    {
        { "empty body for a unary call", [], 13 },
        { "truncated prefix", [0, 0, 0], 13 },
        { "prefix longer than the body", [0, 0, 0, 0, 10, 0x0a, 0x01], 13 },
        { "prefix larger than the 4 MiB limit", [0, 0, 0x50, 0, 0, 0x0a], 8 },
        { "prefix of 2 GiB or more", [0, 0xff, 0xff, 0xff, 0xff, 0x0a], 2 },
        { "compressed flag without grpc-encoding", [1, 0, 0, 0, 2, 0x0a, 0x00], 13 },
        { "flag byte neither 0 nor 1", [2, 0, 0, 0, 0], 2 },
        { "garbage protobuf", [0, 0, 0, 0, 4, 0x0a, 0xff, 0xff, 0xff], 2 },
        { "two messages for a unary call", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 13 },
        { "trailing bytes after the message", [0, 0, 0, 0, 0, 9], 13 },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Unary_BadBody_RightStatus(string what, byte[] body, int expectedStatus)
    {
        var response = await _client.SendAsync(Echo, body).WaitAsync(Timeout);
        Assert.True(response.HttpStatus == HttpStatusCode.OK, what);
        Assert.True(expectedStatus == response.GrpcStatus, $"{what}: expected {expectedStatus}, got {response.GrpcStatus} ({response.GrpcMessage})");
        if (expectedStatus == 2)
        {
            Assert.Equal(GenericHandlerMessage, response.GrpcMessage);
        }

        Assert.Empty(response.Body);
        await AssertStillServesAsync();
    }

    [Theory]
    [InlineData(new byte[] { 0, 0x50, 0, 0, 0, 0x0a }, 8)]
    [InlineData(new byte[] { 0, 0xff, 0xff, 0xff, 0xff, 0x0a }, 2)]
    public async Task Bidi_BadPrefix_RightStatus(byte[] body, int expectedStatus)
    {
        var response = await _client.SendAsync("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", body).WaitAsync(Timeout);
        Assert.True(expectedStatus == response.GrpcStatus, $"expected {expectedStatus}, got {response.GrpcStatus} ({response.GrpcMessage})");
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Unary_CompressedWithUnknownEncoding_UnimplementedAndAdvertisesSupported()
    {
        var response = await _client.SendAsync(Echo, Frame(new EchoRequest { Text = "x" }, compressedFlag: true), headers: Headers("grpc-encoding", "br")).WaitAsync(Timeout);
        Assert.Equal(12, response.GrpcStatus);
        Assert.Contains("gzip", response.AcceptEncoding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_UnknownEncodingButUncompressedMessage_Served()
    {
        // PROTOCOL-HTTP2: the encoding applies to messages whose compressed flag is 1; an
        // uncompressed message under an unknown grpc-encoding is still readable.
        var response = await _client.SendAsync(Echo, Frame(new EchoRequest { Text = "plain" }), headers: Headers("grpc-encoding", "br")).WaitAsync(Timeout);
        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal("plain", EchoResponse.Parser.ParseFrom(response.Body.AsSpan(5)).Text);
    }

    [Fact]
    public async Task Unary_GzipRequest_ServedAndResponseUncompressed()
    {
        // GrpcTransportSettings: gzip requests are accepted, responses are never compressed, even
        // for a caller that says it accepts gzip.
        var response = await _client.SendAsync(
            Echo,
            Frame(Gzip(new EchoRequest { Text = "zipped" }.ToByteArray()), compressedFlag: true),
            headers: new Dictionary<string, string> { ["grpc-encoding"] = "gzip", ["grpc-accept-encoding"] = "gzip" }).WaitAsync(Timeout);
        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal(0, response.Body[0]);
        Assert.Null(response.Encoding);
        Assert.Equal("zipped", EchoResponse.Parser.ParseFrom(response.Body.AsSpan(5)).Text);
    }

    [Fact]
    public async Task Unary_OverLimitAfterGzipDecompression_ResourceExhausted()
    {
        // A few KiB on the wire, over the receive limit once inflated: the limit holds after decompression.
        var inflated = new EchoRequest { Text = new string('x', GrpcTransportSettings.MaxReceiveMessageSize) }.ToByteArray();
        var body = Frame(Gzip(inflated), compressedFlag: true);
        Assert.True(body.Length < 64 * 1024);

        var response = await _client.SendAsync(Echo, body, headers: Headers("grpc-encoding", "gzip")).WaitAsync(Timeout);
        Assert.Equal(8, response.GrpcStatus);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Unary_MalformedTimeout_IgnoredAndServed()
    {
        // grpc-dotnet ignores a grpc-timeout it cannot parse (logged at debug) and serves the call
        // with no deadline; grpc-go would answer INTERNAL. Either way the caller gets an answer.
        var response = await _client.SendAsync(Echo, Frame(new EchoRequest { Text = "t" }), headers: Headers("grpc-timeout", "soon")).WaitAsync(Timeout);
        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal("t", EchoResponse.Parser.ParseFrom(response.Body.AsSpan(5)).Text);
    }

    [Fact]
    public async Task Unary_WithoutTe_Served()
    {
        // grpc-go and grpc-js serve calls without `te: trailers` too; refusing them helps nobody.
        var response = await _client.SendAsync(Echo, Frame(new EchoRequest { Text = "no te" }), te: false).WaitAsync(Timeout);
        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal("no te", EchoResponse.Parser.ParseFrom(response.Body.AsSpan(5)).Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task Unary_NotGrpcContentType_Http415(string? contentType)
    {
        var response = await _client.SendAsync(Echo, Frame(new EchoRequest()), contentType).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.Equal(13, response.GrpcStatus);
    }

    [Theory]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    // grpc-dotnet accepts any application/grpc+<subtype> and decodes with the method's own
    // (protobuf) marshaller; the body here is protobuf, so the call is served.
    [InlineData("application/grpc+json")]
    public async Task Unary_GrpcContentTypeVariants_Served(string contentType)
    {
        var response = await _client.SendAsync(Echo, Frame(new EchoRequest { Text = "ok" }), contentType).WaitAsync(Timeout);
        Assert.Equal(0, response.GrpcStatus);
    }

    [Fact]
    public async Task Get_GrpcMethodPath_NotFound()
    {
        // gRPC is POST only; grpc-dotnet maps its endpoints for POST, so routing finds nothing.
        var response = await _client.SendAsync(Echo, [], method: HttpMethod.Get).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.NotFound, response.HttpStatus);
        Assert.Null(response.GrpcStatus);
    }

    [Fact]
    public async Task Fuzz_ThousandsOfRandomFrames_EveryCallAnsweredAndServerStillServes()
    {
        // Seeded, so a failure can be replayed. Bodies mix valid prefixes with random payloads,
        // random prefixes, random flags and random lengths, to the unary and streaming methods.
        var random = new Random(20261121);
        string[] paths = [Echo, "/probe.v1.ProbeService/Count", "/grpc.health.v1.Health/Check", "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"];
        var bodies = Enumerable.Range(0, 3000).Select(_ => (Path: paths[random.Next(paths.Length)], Body: RandomBody(random))).ToList();
        using var gate = new SemaphoreSlim(16);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var responses = await Task.WhenAll(bodies.Select(async item =>
        {
            await gate.WaitAsync(deadline.Token);
            try
            {
                return await _client.SendAsync(item.Path, item.Body, cancellationToken: deadline.Token);
            }
            finally
            {
                gate.Release();
            }
        }));

        // OK, UNKNOWN (undecodable message, generic text only), RESOURCE_EXHAUSTED (a huge length
        // prefix) or INTERNAL (framing): never a missing status, never a leaked exception message.
        Assert.All(responses, r => Assert.True(
            r.GrpcStatus is 0 or 2 or 8 or 13,
            $"unexpected grpc-status {r.GrpcStatus?.ToString(CultureInfo.InvariantCulture) ?? "missing"} ({r.GrpcMessage})"));
        Assert.All(responses.Where(r => r.GrpcStatus == 2), r => Assert.Equal(GenericHandlerMessage, r.GrpcMessage));
        Assert.Contains(responses, r => r.GrpcStatus == 13);
        await AssertStillServesAsync();
    }

    private async Task AssertStillServesAsync()
    {
        var after = await _client.SendAsync(Echo, Frame(new EchoRequest { Text = "still here" })).WaitAsync(Timeout);
        Assert.Equal(0, after.GrpcStatus);
    }

    private static Dictionary<string, string> Headers(string name, string value) => new() { [name] = value };

    private static byte[] RandomBody(Random random)
    {
        var payload = new byte[random.Next(0, 48)];
        random.NextBytes(payload);
        var body = new List<byte>();
        var frames = random.Next(0, 3);
        for (var i = 0; i < frames; i++)
        {
            var flag = random.Next(10) == 0 ? (byte)random.Next(256) : (byte)0;
            var length = random.Next(4) == 0 ? (uint)random.Next() : (uint)payload.Length;
            body.Add(flag);
            body.Add((byte)(length >> 24));
            body.Add((byte)(length >> 16));
            body.Add((byte)(length >> 8));
            body.Add((byte)length);
            body.AddRange(payload);
        }

        if (random.Next(5) == 0)
        {
            body.AddRange(payload.Take(random.Next(payload.Length + 1)));
        }

        return [.. body];
    }

    private static byte[] Frame(IMessage message, bool compressedFlag = false) => GrpcFrames.Frame(message.ToByteArray(), compressedFlag);

    private static byte[] Frame(byte[] bytes, bool compressedFlag = false) => GrpcFrames.Frame(bytes, compressedFlag);

    private static byte[] Gzip(byte[] bytes) => GrpcFrames.Gzip(bytes);
}
