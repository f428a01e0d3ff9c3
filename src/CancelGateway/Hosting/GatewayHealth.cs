using CancelGateway.Grpc.Health;
using CancelGateway.Operations;
using Microsoft.Extensions.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CancelGateway.Hosting;

/// <summary>
/// Health that means something: SERVING only while the store answers and at least one
/// provider is configured; checked every few seconds.
/// </summary>
internal sealed class GatewayHealth(HealthStatusStore health, OperationsEngine engine, TimeProvider time) : BackgroundService
{
    private static readonly string[] Services = ["", "cancelgateway.v1.PipelineControl", "google.longrunning.Operations"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), time);
        try
        {
            do
            {
                var ready = engine.Providers.All.Count > 0 && await engine.Book.Store.PingAsync(stoppingToken);
                foreach (var service in Services)
                {
                    health.SetStatus(service, ready ? ServingStatus.Serving : ServingStatus.NotServing);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        foreach (var service in Services)
        {
            health.SetStatus(service, ServingStatus.NotServing);
        }
    }
}
