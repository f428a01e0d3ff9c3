using CancelGateway.Grpc.Hosting;
using CancelGateway.InteropServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Grpc.Tests.Support;

/// <summary>
/// One interop server (grpc.testing.TestService) shared by every test of a class, with its
/// logs captured so tests can require that no call left an error behind.
/// </summary>
public sealed class InteropServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan LifecycleTimeout = TimeSpan.FromSeconds(30);

    private WebApplication? _app;

    public CapturingLoggerProvider Logs { get; } = new();

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        _app = InteropServerApp.Build(0, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Logs);
            logging.SetMinimumLevel(ServerLogs.RequiredLevel);
        });
        await _app.StartAsync().WaitAsync(LifecycleTimeout);
        Port = _app.GetListenUris()[0].Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(LifecycleTimeout);
            await _app.DisposeAsync();
        }
    }
}
