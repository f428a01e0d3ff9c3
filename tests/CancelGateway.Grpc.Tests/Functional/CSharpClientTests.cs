using CancelGateway.Grpc.Client;
using CancelGateway.Grpc.Tests.Probe;
using CancelGateway.Grpc.Tests.Support;
using Google.Rpc;
using Xunit;
using Outcome = CancelGateway.Grpc.Tests.Probe.GetSleepOutcomeResponse.Types.Outcome;

namespace CancelGateway.Grpc.Tests.Functional;

/// <summary>The project's client against the project's server, through real Kestrel on 127.0.0.1:0.</summary>
public sealed class CSharpClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private TestServer _server = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _channel = GrpcChannel.ForAddress(_server.Address);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        Assert.Empty(_server.Logs.Errors);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Unary_Echo_ReturnsText()
    {
        var response = await _channel.UnaryAsync(ProbeMethods.Echo, new EchoRequest { Text = "héllo" }).WaitAsync(Timeout);
        Assert.Equal("héllo", response.Text);
    }

    [Fact]
    public async Task ServerStreaming_Count_ReceivesAllInOrderThenOk()
    {
        using var call = _channel.Start(ProbeMethods.Count, new CountRequest { Count = 50 });
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
        var headers = new Metadata().Add("x-probe-echo", "abc").Add("x-probe-echo-bin", binary);
        using var call = _channel.Start(ProbeMethods.Echo, new EchoRequest { Text = "m" }, new CallOptions(headers));

        var responseHeaders = await call.ResponseHeadersAsync.WaitAsync(Timeout);
        Assert.Equal("m", (await call.GetResponseAsync().WaitAsync(Timeout)).Text);
        Assert.Equal("abc", responseHeaders.GetValue("x-probe-echo"));
        Assert.Equal(binary, call.GetTrailers().GetValueBytes("x-probe-echo-bin"));
    }

    [Fact]
    public async Task Unary_DeadlineExpires_DeadlineExceededAndHandlerCancelled()
    {
        var id = Guid.NewGuid().ToString();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(ProbeMethods.Sleep, new SleepRequest { SleepId = id, DurationMs = 10_000 }, new CallOptions(Timeout: TimeSpan.FromMilliseconds(200))).WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(Outcome.Cancelled, await _server.Probe.WaitForSleepOutcomeAsync(id, Timeout));
    }

    [Fact]
    public async Task Unary_CancelledByClient_CancelledAndHandlerTokenFires()
    {
        var id = Guid.NewGuid().ToString();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(ProbeMethods.Sleep, new SleepRequest { SleepId = id, DurationMs = 10_000 }, new CallOptions(CancellationToken: cts.Token)).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(Outcome.Cancelled, await _server.Probe.WaitForSleepOutcomeAsync(id, Timeout));
    }

    [Fact]
    public async Task Unary_HandlerFailsWithDetails_ClientDecodesRichStatus()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(ProbeMethods.Fail, new FailRequest { Code = 9, Message = "nope: 100% ü", Reason = "PROBE_REASON", Field = "run_name" }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("nope: 100% ü", error.Status.Detail);
        Assert.Equal("PROBE_REASON", error.GetDetail<ErrorInfo>()?.Reason);
        Assert.Equal("run_name", error.GetDetail<BadRequest>()?.FieldViolations.Single().Field);
    }

    [Theory]
    [InlineData("/probe.v1.ProbeService/Nope", "Method is unimplemented")]
    [InlineData("/probe.v1.Nope/Echo", "Service is unimplemented")]
    public async Task Unary_UnknownMethodOrService_Unimplemented(string path, string message)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(Method.ByPath<EchoRequest, EchoResponse>(path), new EchoRequest()).WaitAsync(Timeout));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains(message, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_CompressedRequest_Accepted()
    {
        var text = new string('c', 100_000);
        var response = await _channel.UnaryAsync(ProbeMethods.Echo, new EchoRequest { Text = text }, new CallOptions(CompressRequest: true)).WaitAsync(Timeout);
        Assert.Equal(text, response.Text);
    }

    [Fact]
    public async Task Unary_RequestOverFourMiB_ResourceExhausted()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(ProbeMethods.Echo, new EchoRequest { Text = new string('x', 4 * 1024 * 1024 + 1) }).WaitAsync(Timeout));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Unary_ResponseOverClientLimit_ResourceExhausted()
    {
        using var small = GrpcChannel.ForAddress(_server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 1024 });
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            small.UnaryAsync(ProbeMethods.Echo, new EchoRequest { Text = new string('x', 2048) }).WaitAsync(Timeout));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Unary_ManyConcurrentCalls_AllAnswered()
    {
        var calls = Enumerable.Range(0, 500).Select(i => _channel.UnaryAsync(ProbeMethods.Echo, new EchoRequest { Text = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var responses = await Task.WhenAll(calls).WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), responses.Select(r => r.Text));
    }

    [Fact]
    public async Task Call_ServerUnreachable_Unavailable()
    {
        using var nowhere = GrpcChannel.ForAddress(new Uri("http://127.0.0.1:1"));
        var error = await Assert.ThrowsAsync<RpcException>(() => nowhere.UnaryAsync(ProbeMethods.Echo, new EchoRequest()).WaitAsync(Timeout));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
