using System.Net;
using System.Security.Cryptography.X509Certificates;
using CancelGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1:0 running grpc-dotnet exactly as the gateway configures it
/// (<see cref="GrpcTransportSettings.Apply"/>), with the probe service, gRPC health (from ASP.NET
/// Core health checks) and reflection v1 + v1alpha. Every log line is captured: a test that leaves
/// an error behind fails unless it expected it.
/// </summary>
public sealed class ProbeServer : IAsyncDisposable
{
    public const string ProbeServiceName = "probe.v1.ProbeService";

    private static readonly TimeSpan LifecycleTimeout = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;

    private ProbeServer(WebApplication app, CapturingLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    /// <summary>The server's address (http:// for h2c, https:// with a certificate).</summary>
    public Uri Address { get; }

    public int Port => Address.Port;

    public CapturingLoggerProvider Logs { get; }

    public SleepOutcomes SleepOutcomes => _app.Services.GetRequiredService<SleepOutcomes>();

    public ProbeHealth Health => _app.Services.GetRequiredService<ProbeHealth>();

    /// <summary>Starts a server: h2c, or TLS (HTTP/2 only) with <paramref name="certificate"/>.</summary>
    public static async Task<ProbeServer> StartAsync(X509Certificate2? certificate = null)
    {
        var logs = new CapturingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SleepOutcomes>();
        builder.Services.AddSingleton<ProbeHealth>();
        builder.Services.AddGrpc(options => GrpcTransportSettings.Apply(options, enableDetailedErrors: false));
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks(options => options.Services.Map(ProbeServiceName, registration => registration.Tags.Contains(ProbeHealth.Tag)))
            .AddCheck<ProbeHealth>("probe", tags: [ProbeHealth.Tag]);
        // Watch streams what the health-check publisher last saw: publish at once, then every second.
        builder.Services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.Zero;
            options.Period = TimeSpan.FromSeconds(1);
        });
        var app = builder.Build();
        app.MapGrpcService<ProbeServiceImpl>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        await app.StartAsync().WaitAsync(LifecycleTimeout);
        return new ProbeServer(app, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(LifecycleTimeout);
        await _app.DisposeAsync();
    }
}
