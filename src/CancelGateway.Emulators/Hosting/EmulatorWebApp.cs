using System.Net;
using CancelGateway.Emulators.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.Hosting;

/// <summary>The Kestrel set-up every emulator shares: plain HTTP/1.1 on 127.0.0.1 only.</summary>
internal static class EmulatorWebApp
{
    /// <summary>Request bodies of the emulated APIs are small; anything larger is a client bug.</summary>
    private const long MaxRequestBodySize = 1024 * 1024;

    public static WebApplicationBuilder CreateBuilder(int port, Action<ILoggingBuilder>? configureLogging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(EmulatorWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        return builder;
    }

    /// <summary>
    /// Builds and starts an emulator on 127.0.0.1:<paramref name="port"/> with its services and the
    /// shared pipeline; a failed start disposes what was built.
    /// </summary>
    public static async Task<WebApplication> StartAsync(int port, Action<ILoggingBuilder>? configureLogging, Action<IServiceCollection> registerServices, EmulatorPipeline pipeline, CancellationToken cancellationToken)
    {
        var builder = CreateBuilder(port, configureLogging);
        registerServices(builder.Services);
        var app = builder.Build();
        try
        {
            app.Use(pipeline.Counters.HandleAsync);
            app.Use(pipeline.OnArrival);
            app.UseMiddleware<FaultInjectionMiddleware>(pipeline.Faults, pipeline.FaultResponder);
            if (pipeline.OnHandled is { } onHandled)
            {
                app.Use(async (context, next) =>
                {
                    await next(context);
                    onHandled(context);
                });
            }

            app.Run(pipeline.Handler(app.Services));
            await app.StartAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The base address of a started app, with the real port when 0 was asked.</summary>
    public static Uri GetBaseAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The emulator's server reports no address.");
        return new Uri($"http://127.0.0.1:{new Uri(address).Port}/");
    }
}
