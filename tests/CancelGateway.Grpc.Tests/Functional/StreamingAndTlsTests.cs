using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CancelGateway.Grpc.Client;
using CancelGateway.Grpc.Hosting;
using CancelGateway.Grpc.Server;
using CancelGateway.Grpc.Tests.Probe;
using CancelGateway.Grpc.Tests.Support;
using CancelGateway.InteropServer;
using Grpc.Health.V1;
using Grpc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CancelGateway.Grpc.Tests.Functional;

/// <summary>Client-streaming, bidi, health Watch and TLS, with the project's client.</summary>
public sealed class StreamingAndTlsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor TestService = TestReflection.Descriptor.Services.Single(s => s.Name == "TestService");

    [Fact]
    public async Task ClientStreaming_SumsPayloads_IncludingCompressedMessages()
    {
        await using var app = await StartInteropAsync();
        using var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{app.GetListenUris()[0].Port}"));
        using var call = channel.Start(Method.From<StreamingInputCallRequest, StreamingInputCallResponse>(TestService, "StreamingInputCall"), options: new CallOptions(CompressRequest: true));
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = new Payload { Body = Google.Protobuf.ByteString.CopyFrom(new byte[size]) } }).WaitAsync(Timeout);
        }

        await call.RequestStream.CompleteAsync();
        Assert.Equal(74922, (await call.GetResponseAsync().WaitAsync(Timeout)).AggregatedPayloadSize);
    }

    [Fact]
    public async Task DuplexStreaming_PingPong_OneResponsePerRequest()
    {
        await using var app = await StartInteropAsync();
        using var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{app.GetListenUris()[0].Port}"));
        using var call = channel.Start(Method.From<StreamingOutputCallRequest, StreamingOutputCallResponse>(TestService, "FullDuplexCall"));
        foreach (var size in new[] { 31415, 9, 2653, 58979 })
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseParameters = { new ResponseParameters { Size = size } } }).WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
            Assert.Equal(size, call.ResponseStream.Current.Payload.Body.Length);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ServerStreaming_GzipResponses_Decompressed()
    {
        await using var app = await StartInteropAsync();
        using var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{app.GetListenUris()[0].Port}"));
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Size = 50_000, Compressed = new global::Grpc.Testing.BoolValue { Value = true } });
        request.ResponseParameters.Add(new ResponseParameters { Size = 10, Compressed = new global::Grpc.Testing.BoolValue { Value = false } });
        var sizes = new List<int>();
        await foreach (var response in channel.ServerStreamingAsync(Method.From<StreamingOutputCallRequest, StreamingOutputCallResponse>(TestService, "StreamingOutputCall"), request).WithCancellation(CancellationToken.None))
        {
            sizes.Add(response.Payload.Body.Length);
        }

        Assert.Equal([50_000, 10], sizes);
    }

    [Fact]
    public async Task HealthWatch_StatusChanges_StreamedInOrder()
    {
        await using var server = await TestServer.StartAsync();
        var health = server.Services.GetRequiredService<Health.HealthStatusStore>();
        health.SetStatus("probe.v1.ProbeService", ServingStatus.Serving);
        using var channel = GrpcChannel.ForAddress(server.Address);
        var service = HealthReflection.Descriptor.Services.Single();
        using var watch = channel.Start(Method.From<HealthCheckRequest, HealthCheckResponse>(service, "Watch"), new HealthCheckRequest { Service = "probe.v1.ProbeService" });

        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(ServingStatus.Serving, watch.ResponseStream.Current.Status);
        health.SetStatus("probe.v1.ProbeService", ServingStatus.NotServing);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(ServingStatus.NotServing, watch.ResponseStream.Current.Status);

        var check = Method.From<HealthCheckRequest, HealthCheckResponse>(service, "Check");
        var unknown = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(check, new HealthCheckRequest { Service = "nope.v1.Nope" }).WaitAsync(Timeout));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Unary_OverTls_Served()
    {
        using var certificate = CreateSelfSignedCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(IPAddress.Loopback, 0, certificate));
        builder.Services.AddGrpcServer();
        builder.Services.AddGrpcService<ProbeService>();
        await using var app = builder.Build();
        app.UseGrpcServer();
        await app.StartAsync().WaitAsync(Timeout);

        var port = app.GetListenUris()[0].Port;
        var thumbprint = certificate.Thumbprint;
        using var channel = GrpcChannel.ForAddress(new Uri($"https://127.0.0.1:{port}"), new GrpcChannelOptions
        {
            // Trust exactly the test's own certificate, nothing else.
            ServerCertificateValidation = (_, cert, _, _) => cert is X509Certificate2 c && c.Thumbprint == thumbprint,
        });
        var response = await channel.UnaryAsync(ProbeMethods.Echo, new EchoRequest { Text = "over tls" }).WaitAsync(Timeout);
        Assert.Equal("over tls", response.Text);
    }

    [Fact]
    public async Task Start_BindingNamesUnknownMethod_FailsAtStartup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddGrpcServer();
        builder.Services.AddSingleton<IGrpcService>(new MisboundService());
        await using var app = builder.Build();
        var error = Assert.Throws<InvalidOperationException>(() => app.UseGrpcServer());
        Assert.Contains("has no method 'Nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_WrongKindOrTypes_Throws()
    {
        var service = ProbeReflection.Descriptor.Services.Single();
        var binder = NewBinder(service);
        var kind = Assert.Throws<InvalidOperationException>(() => binder.Unary<CountRequest, CountResponse>("Count", (_, _) => default));
        Assert.Contains("server-streaming", kind.Message, StringComparison.Ordinal);
        var types = Assert.Throws<InvalidOperationException>(() => binder.Unary<CountRequest, EchoResponse>("Echo", (_, _) => default));
        Assert.Contains("probe.v1.EchoRequest", types.Message, StringComparison.Ordinal);
    }

    private static ServiceBinder NewBinder(Google.Protobuf.Reflection.ServiceDescriptor service) =>
        (ServiceBinder)Activator.CreateInstance(typeof(ServiceBinder), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, [service], null)!;

    private static async Task<WebApplication> StartInteropAsync()
    {
        var app = InteropServerApp.Build(0, logging => logging.ClearProviders());
        await app.StartAsync().WaitAsync(Timeout);
        return app;
    }

    private static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow().AddHours(1));
        // Kestrel needs the private key in a form SslStream can use on Linux: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class MisboundService : IGrpcService
    {
        public Google.Protobuf.Reflection.ServiceDescriptor Descriptor => ProbeReflection.Descriptor.Services.Single();

        public void Bind(ServiceBinder binder) => binder.Unary<EchoRequest, EchoResponse>("Nope", (r, _) => ValueTask.FromResult(new EchoResponse()));
    }
}
