using CancelGateway.InteropServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// One interop server (grpc.testing.TestService) shared by every test of a class, with its
/// logs captured so tests can require that no call left an error behind.
/// </summary>
public sealed class InteropServerFixture : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan LifecycleTimeout = TimeSpan.FromSeconds(30);

    private WebApplication? _app;

    public CapturingLoggerProvider Logs { get; } = new();

    public int Port { get; private set; }

    /// <summary>A fixture of one's own, started; dispose it with <c>await using</c>.</summary>
    public static async Task<InteropServerFixture> StartAsync()
    {
        var fixture = new InteropServerFixture();
        await fixture.InitializeAsync();
        return fixture;
    }

    public async Task InitializeAsync()
    {
        _app = InteropServerApp.Build(0, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Logs);
            logging.SetMinimumLevel(ServerLogs.RequiredLevel);
        });
        await _app.StartAsync().WaitAsync(LifecycleTimeout);
        Port = InteropServerApp.GetListenUris(_app)[0].Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(LifecycleTimeout);
            await _app.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
