using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CancelGateway.Grpc.Hosting;

/// <summary>Kestrel endpoints for gRPC: h2c (prior knowledge) or TLS with ALPN h2.</summary>
public static class GrpcKestrelExtensions
{
    /// <summary>Listens on <paramref name="address"/>:<paramref name="port"/> (0 picks a free port).</summary>
    public static void ListenGrpc(this KestrelServerOptions kestrel, IPAddress address, int port, X509Certificate2? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.AddServerHeader = false;
        kestrel.Listen(address, port, listen =>
        {
            if (certificate is null)
            {
                // Without TLS there is no ALPN, so HTTP/2 must be spoken from the first byte.
                listen.Protocols = HttpProtocols.Http2;
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            }
        });
    }

    /// <summary>The addresses the started server listens on (with the real port when 0 was asked).</summary>
    public static IReadOnlyList<Uri> GetListenUris(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()?.Addresses
            : null;
        return addresses?.Select(a => new Uri(a)).ToList() ?? [];
    }
}
