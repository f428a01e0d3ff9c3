using CancelGateway.PipelineControl;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace CancelGateway.Hosting;

/// <summary>The gRPC services the gateway serves, mapped in one place.</summary>
internal static class GatewayServices
{
    /// <summary>The names grpc.health.v1 answers for: the whole server ("") and each API service.</summary>
    public static readonly string[] Names = ["", "cancelgateway.v1.PipelineControl", "google.longrunning.Operations"];

    public static IEndpointRouteBuilder MapCancelGateway(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        endpoints.MapGrpcService<PipelineControlService>();
        endpoints.MapGrpcService<OperationsService>();
        endpoints.MapGrpcHealthChecksService();
        if (configuration.GetValue(GatewayOptions.SectionName + ":EnableReflection", true))
        {
            endpoints.MapGrpcReflectionService();
        }

        return endpoints;
    }
}
