using System.Security.Cryptography.X509Certificates;
using CancelGateway.Transport.Tests.Probe;
using CancelGateway.Transport.Tests.Support;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Testing;
using Xunit;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CancelGateway.Transport.Tests.Functional;

/// <summary>Client-streaming, bidi, compressed streams, health Watch and TLS, with Grpc.Net.Client.</summary>
public sealed class StreamingAndTlsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ClientStreaming_CompressedMessages_SumsPayloads()
    {
        await using var server = await InteropServerFixture.StartAsync().WaitAsync(Timeout);
        using var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{server.Port}"));
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(TestServiceMethods.StreamingInputCall, null, new CallOptions(headers));
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            var request = new StreamingInputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[size]) }, ExpectCompressed = new BoolValue { Value = true } };
            await call.RequestStream.WriteAsync(request).WaitAsync(Timeout);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.Equal(74922, (await call.ResponseAsync.WaitAsync(Timeout)).AggregatedPayloadSize);
        await ServerLogs.AssertNoErrorsAsync(server.Logs, "The interop server");
    }

    [Fact]
    public async Task DuplexStreaming_PingPong_OneResponsePerRequest()
    {
        await using var server = await InteropServerFixture.StartAsync().WaitAsync(Timeout);
        using var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{server.Port}"));
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(TestServiceMethods.FullDuplexCall, null, new CallOptions());
        foreach (var size in new[] { 31415, 9, 2653, 58979 })
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseParameters = { new ResponseParameters { Size = size } } }).WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
            Assert.Equal(size, call.ResponseStream.Current.Payload.Body.Length);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        await ServerLogs.AssertNoErrorsAsync(server.Logs, "The interop server");
    }

    [Fact]
    public async Task ServerStreaming_CompressedOnlyWhereAsked_PerMessageFlags()
    {
        // Raw HTTP/2, to see the wire: the call's encoding is gzip, and each message carries its
        // own compressed flag (the interop spec's ResponseParameters.compressed).
        await using var server = await InteropServerFixture.StartAsync().WaitAsync(Timeout);
        using var client = new RawGrpcClient(new Uri($"http://127.0.0.1:{server.Port}"));
        var request = new StreamingOutputCallRequest
        {
            ResponseParameters =
            {
                new ResponseParameters { Size = 50_000, Compressed = new BoolValue { Value = true } },
                new ResponseParameters { Size = 10, Compressed = new BoolValue { Value = false } },
            },
        };

        var response = await client.SendAsync(
            "/grpc.testing.TestService/StreamingOutputCall",
            GrpcFrames.Frame(request.ToByteArray()),
            headers: new Dictionary<string, string> { ["grpc-accept-encoding"] = "gzip" }).WaitAsync(Timeout);

        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal("gzip", response.Encoding);
        var frames = GrpcFrames.Split(response.Body);
        Assert.Equal([true, false], frames.Select(f => f.Compressed));
        Assert.True(frames[0].Payload.Length < 1_000, "50 000 zero bytes should have shrunk under gzip.");
        var first = StreamingOutputCallResponse.Parser.ParseFrom(GrpcFrames.Gunzip(frames[0].Payload));
        var second = StreamingOutputCallResponse.Parser.ParseFrom(frames[1].Payload);
        Assert.Equal([50_000, 10], new[] { first.Payload.Body.Length, second.Payload.Body.Length });
        await ServerLogs.AssertNoErrorsAsync(server.Logs, "The interop server");
    }

    [Fact]
    public async Task HealthWatch_StatusChanges_StreamedInOrder()
    {
        await using var server = await ProbeServer.StartAsync();
        using var channel = GrpcChannel.ForAddress(server.Address);
        var health = new Health.HealthClient(channel);
        using (var watch = health.Watch(new HealthCheckRequest { Service = ProbeServer.ProbeServiceName }))
        {
            // Watch streams the health-check publisher's results: SERVICE_UNKNOWN until its first run.
            Assert.Equal(ServingStatus.Serving, await NextStatusOtherThanAsync(watch.ResponseStream, ServingStatus.ServiceUnknown));
            server.Health.Healthy = false;
            Assert.Equal(ServingStatus.NotServing, await NextStatusOtherThanAsync(watch.ResponseStream, ServingStatus.Serving));
            server.Health.Healthy = true;
            Assert.Equal(ServingStatus.Serving, await NextStatusOtherThanAsync(watch.ResponseStream, ServingStatus.NotServing));
        }

        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "nope.v1.Nope" }).ResponseAsync.WaitAsync(Timeout));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        // ASP.NET Core logs an unhealthy check at Error: here the test asked for it.
        await ServerLogs.AssertNoErrorsAsync(server.Logs, expected: line => line.Message.Contains("turned off by the test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unary_OverTls_Served()
    {
        using var certificate = SelfSignedCertificate.ForLoopback();
        await using var server = await ProbeServer.StartAsync(certificate);
        Assert.Equal(Uri.UriSchemeHttps, server.Address.Scheme);

        var thumbprint = certificate.Thumbprint;
        using var handler = new SocketsHttpHandler();
        // Trust exactly the test's own certificate, nothing else.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert is X509Certificate2 c && c.Thumbprint == thumbprint;
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = handler });
        var client = new ProbeService.ProbeServiceClient(channel);

        var response = await client.EchoAsync(new EchoRequest { Text = "over tls" }).ResponseAsync.WaitAsync(Timeout);
        Assert.Equal("over tls", response.Text);

        using var count = client.Count(new CountRequest { Count = 20 });
        var seen = new List<int>();
        while (await count.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout))
        {
            seen.Add(count.ResponseStream.Current.Index);
        }

        Assert.Equal(Enumerable.Range(0, 20), seen);
        await ServerLogs.AssertNoErrorsAsync(server.Logs);
    }

    private static async Task<ServingStatus> NextStatusOtherThanAsync(IAsyncStreamReader<HealthCheckResponse> stream, ServingStatus previous)
    {
        while (await stream.MoveNext(CancellationToken.None).WaitAsync(Timeout))
        {
            if (stream.Current.Status != previous)
            {
                return stream.Current.Status;
            }
        }

        throw new InvalidOperationException($"The Watch stream ended while still {previous}.");
    }
}
