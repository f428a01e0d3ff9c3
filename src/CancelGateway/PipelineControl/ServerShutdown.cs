using CancelGateway.Providers;
using Grpc.Core;
using Microsoft.Extensions.Hosting;

namespace CancelGateway.PipelineControl;

/// <summary>
/// The host's stop as the long calls see it. On SIGTERM Kestrel stops accepting and waits for the
/// calls in flight, up to <c>Gateway:ShutdownDrainTimeout</c>; a WatchRun stream would otherwise
/// hold it until then and be reset (clients see INTERNAL or UNAVAILABLE without a reason). It ends
/// instead at once with UNAVAILABLE and a message saying why, which clients treat as retryable.
/// </summary>
internal sealed class ServerShutdown(IHostApplicationLifetime lifetime)
{
    public const string Reason = "SERVER_SHUTTING_DOWN";

    /// <summary>Cancelled when the host begins to stop.</summary>
    public CancellationToken Stopping => lifetime.ApplicationStopping;

    /// <summary>A token cancelled by the call's end or by the host's stop, whichever comes first.</summary>
    public CancellationTokenSource Link(ServerCallContext context) =>
        CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);

    /// <summary>Whether an <see cref="OperationCanceledException"/> came from the stop rather than from the caller.</summary>
    public bool Ended(ServerCallContext context) => lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested;

    /// <summary>UNAVAILABLE: the operation goes on (it resumes on the next start), the caller watches again.</summary>
    public static RpcException ShuttingDown() =>
        GatewayErrors.Status(
            GatewayError.ServerShuttingDown,
            "The server is shutting down; the operation goes on: watch it again after the restart or on another instance.").ToRpcException();
}
