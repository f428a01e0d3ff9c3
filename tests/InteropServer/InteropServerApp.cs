using System.Net;
using CancelGateway.Grpc.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CancelGateway.InteropServer;

/// <summary>Builds the interop server: TestService, reflection and health on 127.0.0.1.</summary>
public static class InteropServerApp
{
    /// <summary>Builds (does not start) the server on <paramref name="port"/> (0 picks one).</summary>
    public static WebApplication Build(int port, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(IPAddress.Loopback, port));
        builder.Services.AddGrpcServer(options => options.MaxReceiveMessageSize = 16 * 1024 * 1024);
        builder.Services.AddGrpcService<TestServiceImpl>();
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealth();
        var app = builder.Build();
        app.UseGrpcServer();
        return app;
    }
}
