using CancelGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CancelGateway.Telemetry;

/// <summary>
/// OpenTelemetry for the gateway: a span per RPC (ASP.NET Core), per provider HTTP call
/// (HttpClient) and per piece of engine work (<see cref="GatewayTelemetry.Source"/>); the
/// gateway's metrics with Kestrel's and HttpClient's; exported over OTLP when
/// <c>Telemetry:OtlpEndpoint</c> is set and served to Prometheus at <c>/metrics</c>.
/// </summary>
internal static class TelemetryServiceCollectionExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// ASP.NET Core's meters the gateway exports: the server's request durations (hosting) and
    /// Kestrel's connection instruments (active, queued, rejected, durations). Named one
    /// by one rather than with the instrumentation package's <c>AddAspNetCoreInstrumentation()</c>,
    /// which also subscribes to the memory pool's meter (a measurement per buffer rented and
    /// returned, several per request), routing's, authentication's and authorization's: per-request
    /// counters no dashboard of the gateway reads, measured in bench/README.md ("telemetry").
    /// </summary>
    private static readonly string[] FrameworkMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>
    /// Per-request instruments of those meters that are not exported: Kestrel's count of HTTP/2
    /// streams waiting for a thread-pool thread (two measurements with six attributes per
    /// request) and the server's active requests (two per request). A dropped instrument is never
    /// enabled, so ASP.NET Core skips its measurements altogether. Request durations are
    /// dropped the same way unless asked for (<see cref="RequestDuration"/>).
    /// </summary>
    private static readonly string[] DroppedInstruments = ["kestrel.queued_requests", "http.server.active_requests"];

    /// <summary>ASP.NET Core's per-request histogram, dropped unless <c>Telemetry:HttpRequestDurations</c> asks for it.</summary>
    private const string RequestDuration = "http.server.request.duration";

    /// <summary>Whether telemetry is on (<c>Telemetry:Enabled</c>): the RPC metrics interceptor is registered only then.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue(TelemetryOptions.SectionName + ":" + nameof(TelemetryOptions.Enabled), true);

    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName));
        if (!options.Enabled)
        {
            return services;
        }

        if (options.ReadTraceRatio is not (>= 0 and <= 1))
        {
            throw new GatewayConfigurationException(
                $"Telemetry:ReadTraceRatio must be between 0 and 1 (got {options.ReadTraceRatio.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }

        if (options.ReadTracesPerSecond < 0)
        {
            throw new GatewayConfigurationException($"Telemetry:ReadTracesPerSecond must be 0 or more (got {options.ReadTracesPerSecond}).");
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceVersion: GatewayCommandLine.Version));
        if (options.Traces ?? options.OtlpEndpoint is not null)
        {
            telemetry.WithTracing(tracing =>
            {
                // The RPC's server span is the gateway's own (RequestSpans), started only for the
                // requests that are traced. ASP.NET Core's request activity is not subscribed to:
                // the SDK would sample, start and end one for every request, untraced reads
                // included, and neither the instrumentation package's AddAspNetCoreInstrumentation()
                // (a second pass over every request through DiagnosticListener events) nor ASP.NET
                // Core's own HTTP attributes are used; each costs GetOperation req/s (bench/README.md).
                tracing.AddSource(GatewayTelemetry.Name)
                    .AddHttpClientInstrumentation();
                if (options.OtlpEndpoint is { } endpoint)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
        }

        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(GatewayTelemetry.Name)
                .AddMeter(FrameworkMeters)
                .AddHttpClientInstrumentation();
            foreach (var instrument in DroppedInstruments)
            {
                metrics.AddView(instrument, MetricStreamConfiguration.Drop);
            }

            if (!options.HttpRequestDurations)
            {
                metrics.AddView(RequestDuration, MetricStreamConfiguration.Drop);
            }

            if (options.OtlpEndpoint is { } endpoint)
            {
                metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
            }

            if (options.Prometheus)
            {
                metrics.AddPrometheusExporter();
            }
        });
        return services;
    }

    /// <summary>
    /// Serves <c>GET /metrics</c> on the HTTP/1.1 listener only (not on the gRPC port), when
    /// Prometheus is on; shapes the RPCs' spans (<see cref="RequestSpans"/>) when traces are on.
    /// </summary>
    public static IApplicationBuilder UseGatewayTelemetry(this IApplicationBuilder app, IConfiguration configuration, GatewayListeners listeners)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Enabled && options.Prometheus)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            {
                // Served before RequestSpans: a scrape (once a second) is never traced.
                return context.Request.Path == MetricsPath && listeners.IsHttp(context.Connection.LocalPort);
            });
        }

        if (options.Enabled && (options.Traces ?? options.OtlpEndpoint is not null))
        {
            var clock = app.ApplicationServices.GetService<TimeProvider>() ?? TimeProvider.System;
            app.Use(new RequestSpans(options.ReadTraceRatio, new ReadTraceBudget(options.ReadTracesPerSecond, clock)).InvokeAsync);
        }

        return app;
    }
}
