using System.Globalization;
using CancelGateway.Hosting;
using CancelGateway.Transport.Tests.Probe;
using CancelGateway.Transport.Tests.Support;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;
using Outcome = CancelGateway.Transport.Tests.Probe.GetSleepOutcomeResponse.Types.Outcome;

namespace CancelGateway.Transport.Tests.Functional;

/// <summary>Grpc.Net.Client against the probe server, through real Kestrel on 127.0.0.1:0.</summary>
public sealed class CSharpClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private ProbeServer _server = null!;
    private GrpcChannel _channel = null!;
    private ProbeService.ProbeServiceClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ProbeServer.StartAsync();
        _channel = GrpcChannel.ForAddress(_server.Address);
        _client = new ProbeService.ProbeServiceClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await ServerLogs.AssertNoErrorsAsync(_server.Logs);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Unary_Echo_ReturnsText()
    {
        var response = await _client.EchoAsync(new EchoRequest { Text = "héllo" }).ResponseAsync.WaitAsync(Timeout);
        Assert.Equal("héllo", response.Text);
    }

    [Fact]
    public async Task ServerStreaming_Count_ReceivesAllInOrderThenOk()
    {
        using var call = _client.Count(new CountRequest { Count = 50 });
        var seen = new List<int>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout))
        {
            seen.Add(call.ResponseStream.Current.Index);
        }

        Assert.Equal(Enumerable.Range(0, 50), seen);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Unary_WithMetadata_EchoesHeaderAndBinaryTrailer()
    {
        byte[] binary = [0, 1, 0xfe, 0xff];
        var headers = new Metadata { { "x-probe-echo", "abc" }, { "x-probe-echo-bin", binary } };
        using var call = _client.EchoAsync(new EchoRequest { Text = "m" }, headers);

        var responseHeaders = await call.ResponseHeadersAsync.WaitAsync(Timeout);
        Assert.Equal("m", (await call.ResponseAsync.WaitAsync(Timeout)).Text);
        Assert.Equal("abc", responseHeaders.GetValue("x-probe-echo"));
        Assert.Equal(binary, call.GetTrailers().GetValueBytes("x-probe-echo-bin"));
    }

    [Fact]
    public async Task Unary_DeadlineExpires_DeadlineExceededAndHandlerCancelled()
    {
        // Connected first, so that the deadline is spent on the call, not on the connection.
        await _client.EchoAsync(new EchoRequest()).ResponseAsync.WaitAsync(Timeout);
        var id = Guid.NewGuid().ToString();
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime.AddMilliseconds(500);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.SleepAsync(new SleepRequest { SleepId = id, DurationMs = 60_000 }, deadline: deadline).ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(Outcome.Cancelled, await _server.SleepOutcomes.WaitAsync(id, Timeout));
    }

    [Fact]
    public async Task Unary_CancelledByClient_CancelledAndHandlerTokenFires()
    {
        var id = Guid.NewGuid().ToString();
        using var cts = new CancellationTokenSource();
        using var call = _client.SleepAsync(new SleepRequest { SleepId = id, DurationMs = 60_000 }, cancellationToken: cts.Token);
        // Cancelled once the handler runs, so the cancellation has to travel to the server.
        await _server.SleepOutcomes.WaitStartedAsync(id, Timeout);
        await cts.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(Outcome.Cancelled, await _server.SleepOutcomes.WaitAsync(id, Timeout));
    }

    [Fact]
    public async Task Unary_HandlerFailsWithDetails_ClientDecodesRichStatus()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.FailAsync(new FailRequest { Code = 9, Message = "nope: 100% ü", Reason = "PROBE_REASON", Field = "run_name" }).ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("nope: 100% ü", error.Status.Detail);
        var status = error.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal(9, status.Code);
        Assert.Equal("PROBE_REASON", status.GetDetail<ErrorInfo>()?.Reason);
        Assert.Equal("run_name", status.GetDetail<BadRequest>()?.FieldViolations.Single().Field);
    }

    [Theory]
    [InlineData("probe.v1.ProbeService", "Nope", "Method is unimplemented.")]
    [InlineData("probe.v1.Nope", "Echo", "Service is unimplemented.")]
    public async Task Unary_UnknownMethodOrService_Unimplemented(string service, string method, string message)
    {
        var unknown = new Method<EchoRequest, EchoResponse>(
            MethodType.Unary, service, method, Marshallers.Create(r => r.ToByteArray(), EchoRequest.Parser.ParseFrom), Marshallers.Create(r => r.ToByteArray(), EchoResponse.Parser.ParseFrom));
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.CreateCallInvoker().AsyncUnaryCall(unknown, null, new CallOptions(), new EchoRequest()).ResponseAsync.WaitAsync(Timeout));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal(message, error.Status.Detail);
    }

    [Fact]
    public async Task Unary_CompressedRequest_Accepted()
    {
        var text = new string('c', 100_000);
        // grpc-dotnet's client compresses the request when the call names an algorithm this way.
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };
        var response = await _client.EchoAsync(new EchoRequest { Text = text }, headers).ResponseAsync.WaitAsync(Timeout);
        Assert.Equal(text, response.Text);
    }

    [Fact]
    public async Task Unary_RequestAtReceiveLimit_Served()
    {
        // Field tag (1 byte) + length (4 bytes) + text: exactly MaxReceiveMessageSize serialized.
        var request = new EchoRequest { Text = new string('x', GrpcTransportSettings.MaxReceiveMessageSize - 5) };
        Assert.Equal(GrpcTransportSettings.MaxReceiveMessageSize, request.CalculateSize());

        var response = await _client.EchoAsync(request).ResponseAsync.WaitAsync(Timeout);
        Assert.Equal(request.Text.Length, response.Text.Length);
    }

    [Fact]
    public async Task Unary_RequestOverReceiveLimit_ResourceExhausted()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.EchoAsync(new EchoRequest { Text = new string('x', GrpcTransportSettings.MaxReceiveMessageSize + 1) }).ResponseAsync.WaitAsync(Timeout));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Unary_ResponseOverClientLimit_ResourceExhausted()
    {
        using var small = GrpcChannel.ForAddress(_server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 1024 });
        var client = new ProbeService.ProbeServiceClient(small);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.EchoAsync(new EchoRequest { Text = new string('x', 2048) }).ResponseAsync.WaitAsync(Timeout));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Unary_ManyConcurrentCalls_AllAnswered()
    {
        var calls = Enumerable.Range(0, 500).Select(i => _client.EchoAsync(new EchoRequest { Text = i.ToString(CultureInfo.InvariantCulture) }).ResponseAsync);
        var responses = await Task.WhenAll(calls).WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => i.ToString(CultureInfo.InvariantCulture)), responses.Select(r => r.Text));
    }

    [Fact]
    public async Task Call_ServerUnreachable_Unavailable()
    {
        using var nowhere = GrpcChannel.ForAddress(new Uri("http://127.0.0.1:1"));
        var client = new ProbeService.ProbeServiceClient(nowhere);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.EchoAsync(new EchoRequest()).ResponseAsync.WaitAsync(Timeout));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
