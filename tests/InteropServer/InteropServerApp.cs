using System.Net;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace CancelGateway.InteropServer;

/// <summary>
/// Builds the interop server: grpc.testing.TestService on grpc-dotnet, plus reflection and
/// health, over h2c on 127.0.0.1 only.
/// </summary>
public static class InteropServerApp
{
    /// <summary>The interop spec's large_unary and client_streaming send about 270 KiB; the Ruby client's largest message is below this.</summary>
    private const int MaxMessageSize = 16 * 1024 * 1024;

    /// <summary>Builds (does not start) the server on <paramref name="port"/> (0 picks one).</summary>
    public static WebApplication Build(int port, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxMessageSize;
            options.MaxSendMessageSize = MaxMessageSize;
        });
        // Replaces grpc-dotnet's gzip provider by one that also notes which request messages were
        // compressed: the interop spec's expect_compressed asks about the message, not the call.
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IHttpContextAccessor>((options, accessor) =>
            options.CompressionProviders = [new RecordingGzipCompressionProvider(accessor)]);
        builder.Services.AddGrpcReflection();
        // One always-healthy check, so health answers SERVING (with no checks it would answer UNKNOWN).
        builder.Services.AddGrpcHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy());
        var app = builder.Build();
        app.MapGrpcService<TestServiceImpl>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
    }

    /// <summary>The addresses a started server listens on.</summary>
    public static IReadOnlyList<Uri> GetListenUris(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>();
        return addresses is null ? [] : [.. addresses.Addresses.Select(a => new Uri(a))];
    }
}
