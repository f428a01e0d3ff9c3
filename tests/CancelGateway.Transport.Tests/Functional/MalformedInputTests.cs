using System.Net;
using CancelGateway.Transport.Tests.Probe;
using CancelGateway.Transport.Tests.Support;
using Google.Protobuf;
using Xunit;

namespace CancelGateway.Transport.Tests.Functional;

/// <summary>Bad input never crashes or hangs the server, and always gets the right status.</summary>
public sealed class MalformedInputTests : IAsyncLifetime
{
    private const string Echo = "/probe.v1.ProbeService/Echo";
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
        await ServerLogs.AssertNoErrorsAsync(_server.Logs);
        await _server.DisposeAsync();
    }

    public static TheoryData<string, byte[], int> BadBodies => new()
    {
        { "empty body for a unary call", [], 13 },
        { "truncated prefix", [0, 0, 0], 13 },
        { "prefix longer than the body", [0, 0, 0, 0, 10, 0x0a, 0x01], 13 },
        { "prefix larger than the 4 MiB limit", [0, 0, 0x50, 0, 0, 0x0a], 8 },
        { "compressed flag without grpc-encoding", [1, 0, 0, 0, 2, 0x0a, 0x00], 13 },
        { "flag byte neither 0 nor 1", [2, 0, 0, 0, 0], 13 },
        { "garbage protobuf", [0, 0, 0, 0, 4, 0x0a, 0xff, 0xff, 0xff], 13 },
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
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task Unary_UnknownEncoding_UnimplementedAndAdvertisesSupported()
    {
        var response = await _client.SendAsync(Echo, Frame(new EchoRequest { Text = "x" }), headers: new Dictionary<string, string> { ["grpc-encoding"] = "br" }).WaitAsync(Timeout);
        Assert.Equal(12, response.GrpcStatus);
        Assert.Contains("gzip", response.AcceptEncoding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_MalformedTimeout_Internal()
    {
        var response = await _client.SendAsync(Echo, Frame(new EchoRequest()), headers: new Dictionary<string, string> { ["grpc-timeout"] = "soon" }).WaitAsync(Timeout);
        Assert.Equal(13, response.GrpcStatus);
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
    [InlineData("application/grpc+json")]
    [InlineData("text/plain")]
    public async Task Unary_NotGrpcContentType_Http415(string? contentType)
    {
        var response = await _client.SendAsync(Echo, Frame(new EchoRequest()), contentType).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.NotEqual(0, response.GrpcStatus);
    }

    [Theory]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    public async Task Unary_GrpcContentTypeVariants_Served(string contentType)
    {
        var response = await _client.SendAsync(Echo, Frame(new EchoRequest { Text = "ok" }), contentType).WaitAsync(Timeout);
        Assert.Equal(0, response.GrpcStatus);
    }

    [Fact]
    public async Task Get_Http405()
    {
        var response = await _client.SendAsync(Echo, [], method: HttpMethod.Get).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.HttpStatus);
    }

    [Fact]
    public async Task Fuzz_ThousandsOfRandomFrames_EveryCallAnsweredAndServerStillServes()
    {
        // Seeded, so a failure can be replayed. Bodies mix valid prefixes with random payloads,
        // random prefixes, random flags and random lengths, to the unary and streaming methods.
        var random = new Random(20261121);
        string[] paths = [Echo, "/probe.v1.ProbeService/Count", "/grpc.health.v1.Health/Check", "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"];
        var bodies = Enumerable.Range(0, 3000).Select(_ => (paths[random.Next(paths.Length)], RandomBody(random))).ToList();
        using var gate = new SemaphoreSlim(16);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var statuses = await Task.WhenAll(bodies.Select(async item =>
        {
            await gate.WaitAsync(deadline.Token);
            try
            {
                var response = await _client.SendAsync(item.Item1, item.Item2, cancellationToken: deadline.Token);
                return response.GrpcStatus;
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.All(statuses, s => Assert.True(s is 0 or 8 or 13, $"unexpected grpc-status {s?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}"));
        Assert.Contains(13, statuses.Cast<int>());
        var after = await _client.SendAsync(Echo, Frame(new EchoRequest { Text = "still here" })).WaitAsync(Timeout);
        Assert.Equal(0, after.GrpcStatus);
    }

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

    private static byte[] Frame(IMessage message)
    {
        var bytes = message.ToByteArray();
        var frame = new byte[5 + bytes.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(frame, 5);
        return frame;
    }
}
