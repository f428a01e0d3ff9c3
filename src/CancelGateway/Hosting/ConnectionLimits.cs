using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CancelGateway.Hosting;

/// <summary>Kestrel's connection limits, from the Gateway settings (validated here, naming the setting).</summary>
internal static class ConnectionLimits
{
    /// <summary>The most connections the automatic limit allows, whatever the open-file limit.</summary>
    public const int MaxAutomatic = 10_000;

    public static void Apply(KestrelServerLimits limits, GatewayOptions gateway)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(gateway);
        limits.MaxConcurrentConnections = MaxConnections(gateway);
        limits.KeepAliveTimeout = Positive(gateway.IdleConnectionTimeout, nameof(GatewayOptions.IdleConnectionTimeout));
        limits.Http2.KeepAlivePingDelay = Positive(gateway.KeepAlivePingDelay, nameof(GatewayOptions.KeepAlivePingDelay));
        limits.Http2.KeepAlivePingTimeout = Positive(gateway.KeepAlivePingTimeout, nameof(GatewayOptions.KeepAlivePingTimeout));
    }

    public static long MaxConnections(GatewayOptions gateway)
    {
        if (gateway.MaxConnections is { } configured)
        {
            return configured > 0
                ? configured
                : throw new InvalidOperationException($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.MaxConnections)} must be positive (was {configured}).");
        }

        return OpenFileLimit.Read() is { } files ? Math.Clamp(files / 2, 64, MaxAutomatic) : MaxAutomatic;
    }

    private static TimeSpan Positive(TimeSpan value, string setting) =>
        value > TimeSpan.Zero
            ? value
            : throw new InvalidOperationException($"{GatewayOptions.SectionName}:{setting} must be a positive time span such as 00:01:00 (was {value}).");
}
