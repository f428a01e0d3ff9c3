using System.Globalization;
using CancelGateway.Hosting;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;

namespace CancelGateway.Telemetry;

/// <summary>
/// The sampler the OpenTelemetry SDK would build from the standard <c>OTEL_TRACES_SAMPLER</c>
/// and <c>OTEL_TRACES_SAMPLER_ARG</c> settings, for <see cref="ReadSampler"/> to defer to: a
/// sampler given to the SDK replaces those settings, so the gateway reads them itself. A value
/// the specification does not name stops the start (the SDK would only log it and sample
/// everything).
/// </summary>
internal static class ConfiguredSampler
{
    public const string SamplerSetting = "OTEL_TRACES_SAMPLER";
    public const string ArgumentSetting = "OTEL_TRACES_SAMPLER_ARG";

    public static Sampler From(IConfiguration configuration)
    {
        var name = configuration[SamplerSetting]?.Trim().ToLowerInvariant();
        return name switch
        {
            null or "" or "parentbased_always_on" => new ParentBasedSampler(new AlwaysOnSampler()),
            "always_on" => new AlwaysOnSampler(),
            "always_off" => new AlwaysOffSampler(),
            "traceidratio" => new TraceIdRatioBasedSampler(Ratio(configuration)),
            "parentbased_always_off" => new ParentBasedSampler(new AlwaysOffSampler()),
            "parentbased_traceidratio" => new ParentBasedSampler(new TraceIdRatioBasedSampler(Ratio(configuration))),
            _ => throw new GatewayConfigurationException(
                $"{SamplerSetting} must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio (got '{configuration[SamplerSetting]}')."),
        };
    }

    /// <summary>The ratio argument: 1 when unset, as the specification says.</summary>
    private static double Ratio(IConfiguration configuration)
    {
        var text = configuration[ArgumentSetting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return 1;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1
            ? ratio
            : throw new GatewayConfigurationException($"{ArgumentSetting} must be a number between 0 and 1 (got '{text}').");
    }
}
