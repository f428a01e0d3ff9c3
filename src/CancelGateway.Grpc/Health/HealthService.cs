using CancelGateway.Grpc.Server;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CancelGateway.Grpc.Health;

/// <summary><c>grpc.health.v1.Health</c>: Check answers now, Watch streams every change until the client leaves.</summary>
internal sealed class HealthService(HealthStatusStore store) : IGrpcService
{
    public ServiceDescriptor Descriptor { get; } = HealthReflection.Descriptor.Services.Single(s => s.Name == "Health");

    public void Bind(ServiceBinder binder) => binder
        .Unary<HealthCheckRequest, HealthCheckResponse>("Check", Check)
        .ServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", Watch);

    private ValueTask<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        var status = store.GetStatus(request.Service)
            ?? throw new RpcException(StatusCode.NotFound, $"Unknown service '{request.Service}'.");
        return ValueTask.FromResult(HealthStatusStore.Response(status));
    }

    private async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        ServingStatus? sent = null;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var (status, changed) = store.Observe(request.Service);
            var now = status ?? ServingStatus.ServiceUnknown;
            if (sent != now)
            {
                await responses.WriteAsync(HealthStatusStore.Response(now), context.CancellationToken);
                sent = now;
            }

            try
            {
                await changed.WaitAsync(context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                // A watch ends only when the client leaves; there is no status left to send.
                return;
            }
        }
    }
}
