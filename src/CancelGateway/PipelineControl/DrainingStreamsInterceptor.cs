using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CancelGateway.PipelineControl;

/// <summary>
/// Ends the bidirectional streams that only the client would close (server reflection, as
/// grpcurl and IDEs hold it open) when the host begins to stop: each ends at once with
/// UNAVAILABLE (<see cref="ServerShutdown.ShuttingDown"/>) instead of holding the drain until
/// <c>Gateway:ShutdownDrainTimeout</c> and being reset. WatchRun ends itself the same way, and
/// grpc-dotnet ends health Watch streams with NOT_SERVING.
/// </summary>
internal sealed class DrainingStreamsInterceptor(ServerShutdown shutdown) : Interceptor
{
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        // Counted until the response, status included, has been sent (see StreamsDrain).
        var open = shutdown.OpenStream();
        context.GetHttpContext().Response.OnCompleted(() =>
        {
            open.Dispose();
            return Task.CompletedTask;
        });
        try
        {
            await continuation(new StoppingReader<TRequest>(requestStream, shutdown.Stopping), responseStream, context);
        }
        catch (OperationCanceledException) when (shutdown.Ended(context))
        {
            throw ServerShutdown.ShuttingDown();
        }
    }

    /// <summary>The client's messages, until the host begins to stop: then the next read is cancelled.</summary>
    private sealed class StoppingReader<T>(IAsyncStreamReader<T> inner, CancellationToken stopping) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
            return await inner.MoveNext(either.Token);
        }
    }
}
