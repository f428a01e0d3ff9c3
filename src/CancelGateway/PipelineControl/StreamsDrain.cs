using Microsoft.Extensions.Hosting;

namespace CancelGateway.PipelineControl;

/// <summary>
/// The first step of the server's stop, in the host's "stopping" phase (which comes before any
/// hosted service stops, Kestrel included, and before <c>ApplicationStopping</c>): ends the long
/// calls (<see cref="ServerShutdown.Begin"/>), then waits, at most <see cref="Limit"/>, until the
/// streams that only a client would close (server reflection, see
/// <see cref="DrainingStreamsInterceptor"/>) have sent their UNAVAILABLE status. Without the wait
/// Kestrel may close the connection first, and a client whose side of such a stream is still
/// open then reports the closed connection (INTERNAL) instead of the status.
/// </summary>
internal sealed class StreamsDrain(ServerShutdown shutdown, TimeProvider time) : IHostedLifecycleService
{
    /// <summary>How long the stop waits at most for the ended streams.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        shutdown.Begin();
        try
        {
            await shutdown.StreamsClosed().WaitAsync(Limit, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A handler that does not end stays Kestrel's to drain, as any call in flight.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's own shutdown time ran out.
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
