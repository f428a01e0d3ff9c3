using CancelGateway.Providers;
using CancelGateway.Storage;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CancelGateway.PipelineControl;

/// <summary>
/// Translates the store's typed failures into statuses for every service, in one place, so no
/// handler repeats it and none of them surfaces as UNKNOWN: a store that cannot be written is
/// UNAVAILABLE (nothing was stored; retry once it is fixed), a corrupt operation is DATA_LOSS
/// naming the operation (AIP-193).
/// </summary>
internal sealed class StoreErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (Translate(exception) is { } status)
        {
            throw status;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception) when (Translate(exception) is { } status)
        {
            throw status;
        }
    }

    internal static RpcException? Translate(Exception exception) => exception switch
    {
        // The SQLite message stays in the server log (StoreLog.Failed): callers get no internals.
        StoreUnavailableException => GatewayErrors.Status(GatewayError.StoreUnavailable,
            "The gateway's operation store cannot be used (read-only, full, locked or unreachable); nothing was stored. Retry later.").ToRpcException(),
        UnreadableOperationException unreadable => GatewayErrors.Status(GatewayError.OperationUnreadable,
            $"Operation {unreadable.OperationName} cannot be read: its stored record is corrupt.",
            ("operation", unreadable.OperationName)).ToRpcException(),
        _ => null,
    };
}
