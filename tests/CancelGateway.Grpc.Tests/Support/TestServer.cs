using System.Net;
using CancelGateway.Grpc.Hosting;
using CancelGateway.Grpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Grpc.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1:0 with the probe service, reflection and health. Error
/// logs are captured: a test that leaves one behind fails unless it expected it.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, CapturingLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        Port = app.GetListenUris()[0].Port;
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public ProbeService Probe => _app.Services.GetRequiredService<ProbeService>();

    public static async Task<TestServer> StartAsync(Action<GrpcServerOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var logs = new CapturingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(IPAddress.Loopback, 0));
        builder.Services.AddGrpcServer(configure);
        builder.Services.AddGrpcService<ProbeService>();
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealth();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseGrpcServer();
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new TestServer(app, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
