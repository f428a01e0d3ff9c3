using Microsoft.Extensions.Hosting;

namespace CancelGateway.PipelineControl;

/// <summary>
/// The first step of the server's stop, in the host's "stopping" phase (which comes before any
/// hosted service stops, Kestrel included, and before <c>ApplicationStopping</c>): ends the long
/// calls (<see cref="ServerShutdown.Begin"/>), then waits, at most <see cref="Limit"/>, until the
/// streams that only a client would close (server reflection, see
/// <see cref="DrainingStreamsInterceptor"/>) have sent their UNAVAILABLE status, and then
/// <see cref="Linger"/> more before Kestrel may close the connection.
/// </summary>
/// <remarks>
/// Such a stream ends while its client is still sending: Kestrel follows the status with
/// RST_STREAM(NO_ERROR), which tells the client to stop sending. A .NET client gives up its
/// request side for that on another task; if the connection closes before that task has run,
/// the client throws the buffered status away and reports the closed connection (INTERNAL)
/// instead. Waiting only for the status to be sent left that race open: 11 stops in 60 ended
/// INTERNAL with four of the client's thread-pool threads kept busy, none of 60 with the linger.
/// </remarks>
internal sealed class StreamsDrain(ServerShutdown shutdown, TimeProvider time) : IHostedLifecycleService
{
    /// <summary>How long the stop waits at most for the ended streams.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    /// <summary>How long the connection stays open after the ended streams have sent their status.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(500);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // Taken before the stop begins: a stream that ends on it still counts as one to linger for.
        var streamsClosed = shutdown.StreamsClosed();
        shutdown.Begin();
        if (streamsClosed.IsCompleted)
        {
            return;
        }

        try
        {
            await streamsClosed.WaitAsync(Limit, time, cancellationToken);
            await Task.Delay(Linger, time, cancellationToken);
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
