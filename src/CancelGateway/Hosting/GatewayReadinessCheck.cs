using CancelGateway.Operations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CancelGateway.Hosting;

/// <summary>
/// Health that means something: healthy only while the store can be written (a read-only store
/// answers reads, yet every Cancel would fail) and at least one provider is configured. grpc.health.v1 reports it as SERVING / NOT_SERVING for the gateway's services.
/// </summary>
internal sealed class GatewayReadinessCheck(OperationsEngine engine) : IHealthCheck
{
    public const string Name = "gateway-ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (engine.Providers.All.Count == 0)
        {
            return HealthCheckResult.Unhealthy("No provider is configured.");
        }

        return await engine.Book.Store.PingAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The operation store cannot be written (read-only, full, locked or unreachable).");
    }
}
