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
internal sealed class ServerShutdown : IDisposable
{
    public const string Reason = "SERVER_SHUTTING_DOWN";

    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenRegistration _onApplicationStopping;
    private readonly Lock _streamsLock = new();
    private int _openStreams;
    private TaskCompletionSource? _streamsClosed;

    public ServerShutdown(IHostApplicationLifetime lifetime) =>
        _onApplicationStopping = lifetime.ApplicationStopping.Register(Begin);

    /// <summary>Cancelled when the host begins to stop (<see cref="Begin"/>, or <c>ApplicationStopping</c> if that comes first).</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Begins the stop as the long calls see it: streams end, readiness turns NOT_SERVING. Called
    /// by <see cref="StreamsDrain"/> in the host's stopping phase, before any hosted service
    /// (Kestrel among them) stops.
    /// </summary>
    public void Begin()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The host is already gone.
        }
    }

    /// <summary>A token cancelled by the call's end or by the host's stop, whichever comes first.</summary>
    public CancellationTokenSource Link(ServerCallContext context) =>
        CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, Stopping);

    /// <summary>Whether an <see cref="OperationCanceledException"/> came from the stop rather than from the caller.</summary>
    public bool Ended(ServerCallContext context) => Stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested;

    /// <summary>
    /// Counts a stream that only the client would close (see <see cref="DrainingStreamsInterceptor"/>)
    /// until the returned ticket is disposed, when its handler has ended.
    /// </summary>
    public IDisposable OpenStream()
    {
        lock (_streamsLock)
        {
            _openStreams++;
        }

        return new StreamTicket(this);
    }

    /// <summary>Completes when no stream counted by <see cref="OpenStream"/> is open.</summary>
    public Task StreamsClosed()
    {
        lock (_streamsLock)
        {
            return _openStreams == 0 ? Task.CompletedTask : (_streamsClosed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    public void Dispose()
    {
        _onApplicationStopping.Dispose();
        _stopping.Dispose();
    }

    private void CloseStream()
    {
        lock (_streamsLock)
        {
            if (--_openStreams == 0)
            {
                _streamsClosed?.TrySetResult();
                _streamsClosed = null;
            }
        }
    }

    /// <summary>UNAVAILABLE: the operation goes on (it resumes on the next start), the caller watches again.</summary>
    public static RpcException ShuttingDown() =>
        GatewayErrors.Status(
            GatewayError.ServerShuttingDown,
            "The server is shutting down; the operation goes on: watch it again after the restart or on another instance.").ToRpcException();

    private sealed class StreamTicket(ServerShutdown owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.CloseStream();
            }
        }
    }
}
