using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CancelGateway.Hosting;

/// <summary>
/// The gateway's two Kestrel listeners: gRPC (h2c, or TLS) and the cleartext HTTP/1.1 one for
/// REST/JSON and gRPC-Web. Kept so that the real addresses can be told apart once the host has
/// started (Kestrel writes the bound port back into the listen options when 0 was asked).
/// </summary>
internal sealed class GatewayListeners(bool tls)
{
    private ListenOptions? _grpc;
    private ListenOptions? _http;

    /// <summary>Where gRPC (and gRPC-Web over HTTP/2) is served: <c>http://127.0.0.1:{port}</c>, or https with TLS.</summary>
    public Uri GrpcAddress => AddressOf(_grpc, tls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp)
        ?? throw new InvalidOperationException("The gRPC listener is not configured yet; start the host first.");

    /// <summary>Where REST/JSON and gRPC-Web are served over cleartext HTTP/1.1; null when <c>Gateway:HttpListen</c> is empty.</summary>
    public Uri? HttpAddress => AddressOf(_http, Uri.UriSchemeHttp);

    /// <summary>Whether a connection's local port is the HTTP/1.1 listener's (once started).</summary>
    public bool IsHttp(int localPort) => _http?.IPEndPoint is { Port: not 0 } endPoint && endPoint.Port == localPort;

    internal void SetGrpc(ListenOptions options) => _grpc = options;

    internal void SetHttp(ListenOptions options) => _http = options;

    private static Uri? AddressOf(ListenOptions? options, string scheme)
    {
        if (options?.IPEndPoint is not { } endPoint)
        {
            return null;
        }

        if (endPoint.Port == 0)
        {
            throw new InvalidOperationException("The listener is not bound yet; start the host first.");
        }

        // A wildcard address is not one to call: name the loopback of its family instead.
        var address = endPoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : endPoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : endPoint.Address;
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

        return new Uri($"{scheme}://{host}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}");
    }
}
