using CancelGateway.Providers;
using Grpc.Core;

namespace CancelGateway.PipelineControl;

/// <summary>The gateway-side errors the API services share.</summary>
internal static class GatewayErrors
{
    public static RpcException OperationNotFound(string name) =>
        ProviderErrors.Gateway(StatusCode.NotFound, "OPERATION_NOT_FOUND", $"Operation {name} does not exist (or was deleted).", ("operation", name)).ToRpcException();
}
