using System.Security.Cryptography.X509Certificates;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Hosting;

/// <summary>Builds the gateway host from configuration; used by Program and by the functional tests.</summary>
internal static class GatewayApp
{
    /// <summary>Builds (does not start) the gateway. The embedded emulators, when wanted, are started now and stopped with the app.</summary>
    public static async Task<(WebApplication App, EmulatorHost? Emulators)> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        // grpc-dotnet logs every non-OK status at Information; the engine logs what matters.
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);

        // Kestrel warns once per connection refused at Gateway:MaxConnections: a flood would
        // flood the log too. Its kestrel.rejected_connections metric counts them instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.Connections", LogLevel.Error);
        configure?.Invoke(builder);
        SecretFiles.Apply(builder.Configuration);
        EmulatorHost? emulators = null;
        var keyDirectory = EmbeddedEmulators.NewKeyDirectory();
        if (EmbeddedEmulators.AreWanted(builder.Configuration))
        {
            emulators = await EmbeddedEmulators.StartAsync(builder.Configuration, keyDirectory, cancellationToken);
        }

        var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        var endpoint = gateway.ListenEndPoint();
        X509Certificate2? certificate = gateway.TlsCertificateFile is { } certFile
            ? X509Certificate2.CreateFromPemFile(certFile, gateway.TlsKeyFile)
            : null;
        var askForCertificates = builder.Configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>()?.ClientCertificates.Configured == true;
        var httpEndpoint = gateway.HttpListenEndPoint();
        var listeners = new GatewayListeners(certificate is not null);
        builder.Services.AddSingleton(listeners);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            ConnectionLimits.Apply(kestrel.Limits, gateway);
            // The gRPC listener first: its address stays the first of the host's addresses.
            kestrel.Listen(endpoint, listen =>
            {
                listeners.SetGrpc(listen);
                if (certificate is null)
                {
                    // Cleartext gRPC is h2c with prior knowledge: the port speaks HTTP/2 only.
                    listen.Protocols = HttpProtocols.Http2;
                }
                else
                {
                    // With TLS, ALPN picks h2 for gRPC; HTTP/1.1 stays available for gRPC-Web.
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate,
                        // Asked for in the handshake (HTTP/2 cannot renegotiate), never required:
                        // bearer-token callers have none. The certificate authentication handler
                        // checks the chain against Security:ClientCertificates:TrustedCaFile, so
                        // a bad certificate is refused (UNAUTHENTICATED) with its reason logged.
                        ClientCertificateMode = askForCertificates ? ClientCertificateMode.AllowCertificate : ClientCertificateMode.NoCertificate,
                        ClientCertificateValidation = (_, _, _) => true,
                    });
                }
            });
            if (httpEndpoint is not null)
            {
                // REST/JSON and gRPC-Web for callers without HTTP/2 (browsers, curl, proxies).
                kestrel.Listen(httpEndpoint, listen =>
                {
                    listeners.SetHttp(listen);
                    listen.Protocols = HttpProtocols.Http1;
                });
            }
        });
        builder.Services.AddCancelGateway(builder.Configuration);
        var app = builder.Build();
        app.UseRouting();

        // Establishes the caller (bearer token or client certificate) for every request; the
        // gRPC CallerInterceptor decides what a caller without one gets.
        if (builder.Configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>()?.AuthenticationConfigured == true)
        {
            app.UseAuthentication();
        }

        // Between routing and endpoints, as grpc-dotnet requires; on for every service, on both listeners.
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapCancelGateway(builder.Configuration);
        if (emulators is not null)
        {
            app.Lifetime.ApplicationStopped.Register(() =>
            {
                emulators.DisposeAsync().AsTask().GetAwaiter().GetResult();
                EmbeddedEmulators.RemoveKeyDirectory(keyDirectory);
            });
        }

        return (app, emulators);
    }
}
