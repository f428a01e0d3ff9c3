using System.Net;
using System.Net.Sockets;

namespace CancelGateway.Tests.Support;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a server, for one client connection. <see cref="Freeze"/>
/// stops forwarding in both directions while keeping both sockets open: to the server, the
/// client has gone silent, as a peer behind a dead network path does. The relay keeps reading
/// what the server sends (and drops it), so it sees when the server closes the connection.
/// </summary>
internal sealed class FreezableTcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _serverClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _frozen;
    private Task _relay = Task.CompletedTask;

    public FreezableTcpRelay(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = new IPEndPoint(IPAddress.Loopback, server.Port);
    }

    /// <summary><c>http://127.0.0.1:{port}</c> of the relay, once started.</summary>
    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Completes when the server closes (or resets) its side of the relayed connection.</summary>
    public Task ServerClosed => _serverClosed.Task;

    public void Start()
    {
        _listener.Start();
        _relay = RelayOneAsync(_stop.Token);
    }

    public void Freeze() => _frozen = true;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _relay;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task RelayOneAsync(CancellationToken cancellationToken)
    {
        using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
        using var server = new TcpClient();
        await server.ConnectAsync(_server, cancellationToken);
        var toServer = PumpAsync(client.GetStream(), server.GetStream(), fromServer: false, cancellationToken);
        var toClient = PumpAsync(server.GetStream(), client.GetStream(), fromServer: true, cancellationToken);
        await Task.WhenAll(toServer, toClient);
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool fromServer, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                if (!_frozen)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // A reset counts as closed.
        }

        if (fromServer)
        {
            _serverClosed.TrySetResult();
        }
    }
}
