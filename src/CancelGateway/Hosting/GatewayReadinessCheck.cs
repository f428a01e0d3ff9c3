using CancelGateway.Operations;
using CancelGateway.PipelineControl;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CancelGateway.Hosting;

/// <summary>
/// Health that means something: the engine's readiness (the store can be written and at least
/// one provider is configured), and not while the server drains after SIGTERM (a load balancer
/// stops sending work to it). grpc.health.v1 reports it as SERVING / NOT_SERVING for the gateway's services.
/// </summary>
internal sealed class GatewayReadinessCheck(OperationsEngine engine, ServerShutdown shutdown) : IHealthCheck
{
    public const string Name = "gateway-ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (shutdown.Stopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The server is shutting down.");
        }

        var readiness = await engine.ReadinessAsync(cancellationToken);
        return readiness.IsReady ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(readiness.Problem);
    }
}
