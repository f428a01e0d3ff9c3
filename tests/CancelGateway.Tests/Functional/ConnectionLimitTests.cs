using System.Net.Sockets;
using CancelGateway.Tests.Support;
using Grpc.Health.V1;
using Xunit;
using Xunit.Abstractions;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// Connections cannot take the process down or stay open for nothing: a flood is cut at the
/// connection limit below the open-file limit, idle connections are closed, and a peer that
/// stops answering is found by HTTP/2 keep-alive pings.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class ConnectionLimitTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CloseWithin = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ConnectionFlood_TwiceTheOpenFileLimit_ProcessKeepsServing()
    {
        const int OpenFileLimit = 1024;
        using var directory = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(
            ["--Gateway:Listen=127.0.0.1:0", "--Gateway:HttpListen=", $"--Storage:Sqlite:Path={directory.File("operations.db")}", "--Providers:VertexAi:Endpoint=http://127.0.0.1:9/"],
            OpenFileLimit);
        using var before = new GatewayClient(gateway.Address);
        Assert.NotNull(await before.CheckHealthAsync().Within());

        var flood = new List<Socket>();
        try
        {
            var refused = 0;
            for (var i = 0; i < 2 * OpenFileLimit; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    using var connectTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await socket.ConnectAsync("127.0.0.1", gateway.Address.Port, connectTimeout.Token);
                    flood.Add(socket);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    refused++;
                    socket.Dispose();
                }
            }

            output.WriteLine($"{flood.Count} flood connections opened, {refused} not");

            // The connection already open, and a new one, are both served while the flood is held.
            Assert.False(gateway.HasExited, gateway.Output);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await before.CheckHealthAsync().Within()).Status);
        }
        finally
        {
            flood.ForEach(socket => socket.Dispose());
        }

        // A new caller is served again once the server has seen the flood's connections close.
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await NewCallerHealthAsync(gateway.Address).WaitAsync(CloseWithin));
        Assert.False(gateway.HasExited);
        Assert.DoesNotContain("Out of memory", gateway.Output, StringComparison.Ordinal);
        Assert.Empty(gateway.ErrorLines());
    }

    [Fact]
    public async Task IdleConnection_NeverSendsARequest_ClosedAfterTheIdleTimeout()
    {
        await using var fixture = await GatewayFixture.StartAsync(new Dictionary<string, string> { ["Gateway:IdleConnectionTimeout"] = "00:00:02" });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", fixture.Gateway.Address.Port).Within();

        var read = await ReadUntilClosedAsync(socket).WaitAsync(CloseWithin);

        Assert.Equal(0, read);
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task HealthWatch_PeerStopsAnswering_ConnectionDroppedByKeepAlivePings()
    {
        await using var fixture = await GatewayFixture.StartAsync(new Dictionary<string, string>
        {
            ["Gateway:KeepAlivePingDelay"] = "00:00:01",
            ["Gateway:KeepAlivePingTimeout"] = "00:00:01",
        });
        await using var relay = new FreezableTcpRelay(fixture.Gateway.Address);
        relay.Start();
        using var client = new GatewayClient(relay.Address);
        using var watch = new Health.HealthClient(client.Channel).Watch(new HealthCheckRequest(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime + TestTimeouts.Default);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).Within());

        // A long-lived stream to a peer that has gone silent: only pings can tell.
        relay.Freeze();

        await relay.ServerClosed.WaitAsync(CloseWithin);
        fixture.AssertNoUnexpectedErrors();
    }

    /// <summary>A health check on a new connection, tried again while the server is still at its connection limit.</summary>
    private static async Task<HealthCheckResponse.Types.ServingStatus> NewCallerHealthAsync(Uri address)
    {
        while (true)
        {
            using var client = new GatewayClient(address);
            try
            {
                return (await client.CheckHealthAsync()).Status;
            }
            catch (Grpc.Core.RpcException failure) when (failure.StatusCode == Grpc.Core.StatusCode.Unavailable)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Reads until the server closes the connection; returns the bytes of the last read (0 when closed).</summary>
    private static async Task<int> ReadUntilClosedAsync(Socket socket)
    {
        var buffer = new byte[1024];
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None);
            }
            catch (SocketException)
            {
                return 0;
            }

            if (read == 0)
            {
                return 0;
            }
        }
    }
}
