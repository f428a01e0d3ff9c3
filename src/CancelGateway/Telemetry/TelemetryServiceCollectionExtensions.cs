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

    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName));
        if (!options.Enabled)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceVersion: GatewayCommandLine.Version));
        if (options.Traces ?? options.OtlpEndpoint is not null)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(GatewayTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => context.Request.Path != MetricsPath)
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
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation();
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

    /// <summary>Serves <c>GET /metrics</c> on the HTTP/1.1 listener only (not on the gRPC port), when Prometheus is on.</summary>
    public static IApplicationBuilder UseGatewayMetricsEndpoint(this IApplicationBuilder app, IConfiguration configuration, GatewayListeners listeners)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Enabled && options.Prometheus)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Request.Path == MetricsPath && listeners.IsHttp(context.Connection.LocalPort));
        }

        return app;
    }
}
