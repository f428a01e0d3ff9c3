using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>A health check a test can turn unhealthy, reported by gRPC health as probe.v1.ProbeService.</summary>
public sealed class ProbeHealth : IHealthCheck
{
    public const string Tag = "probe";

    private volatile bool _healthy = true;

    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("turned off by the test"));
}
