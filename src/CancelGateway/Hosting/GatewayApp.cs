using System.Security.Cryptography.X509Certificates;
using CancelGateway.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using CancelGateway.Telemetry;

namespace CancelGateway.Hosting;

/// <summary>Builds the gateway host from configuration; used by Program and by the functional tests.</summary>
internal static class GatewayApp
{
    /// <summary>
    /// Builds (does not start) the gateway. Throws <see cref="GatewayConfigurationException"/>
    /// naming the setting when one is unknown or malformed, or when no provider is configured.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        // grpc-dotnet logs every non-OK status at Information; the engine logs what matters.
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);

        // Kestrel warns once per connection refused at Gateway:MaxConnections: a flood would
        // flood the log too. Its kestrel.rejected_connections metric counts them instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.Connections", LogLevel.Error);

        // A start that fails (a busy port, a bad setting) is reported by the command line in one
        // line; the host would log it first with the whole stack trace. Until started, its errors
        // are left to the caller, who gets the exception; after that they are logged as usual.
        var started = false;
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Information && (level < LogLevel.Error || Volatile.Read(ref started)));
        // JSON logs (Logging:Console:FormatterName=json): scopes on, so each line carries the trace
        // and span ids of the work it belongs to (a Cancel's engine work keeps its RPC's trace).
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        configure?.Invoke(builder);
        SecretFiles.Apply(builder.Configuration);
        SettingsCheck.Run(builder.Configuration, args);
        UseConsoleFormatter(builder);

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
        app.Lifetime.ApplicationStarted.Register(() => Volatile.Write(ref started, true));
        app.UseGatewayTelemetry(builder.Configuration, listeners);
        app.UseRouting();

        // Establishes the caller (bearer token or client certificate) for every request, once; the
        // gRPC CallerInterceptor decides what a caller without one gets. Called here, on the
        // application itself: WebApplication adds an authentication middleware of its own in
        // front of the pipeline whenever authentication is registered and UseAuthentication was
        // not called on it (one called inside a UseWhen branch does not count), and every
        // request would then be authenticated twice.
        if (builder.Configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>()?.AuthenticationConfigured == true)
        {
            app.UseAuthentication();
        }

        // Between routing and endpoints, as grpc-dotnet requires; on for every service, on both listeners.
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapCancelGateway(builder.Configuration);
        return app;
    }

    /// <summary>
    /// Honours <c>Logging:Console:FormatterName</c> (simple, json, systemd): the slim builder
    /// fixes the console to the simple format, whatever the setting says.
    /// </summary>
    private static void UseConsoleFormatter(WebApplicationBuilder builder)
    {
        const string Setting = "Logging:Console:FormatterName";
        if (builder.Configuration[Setting] is not { Length: > 0 } name)
        {
            return;
        }

        if (name is not (ConsoleFormatterNames.Simple or ConsoleFormatterNames.Json or ConsoleFormatterNames.Systemd))
        {
            throw new GatewayConfigurationException($"Bad value for {Setting}: '{name}' is not one of simple, json, systemd.");
        }

        builder.Logging.AddConsole();
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.FormatterName = name);
    }
}
