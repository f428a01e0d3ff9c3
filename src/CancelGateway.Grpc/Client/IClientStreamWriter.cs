namespace CancelGateway.Grpc.Client;

/// <summary>Writes the request stream of a client-streaming or bidi call.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IClientStreamWriter<in T>
{
    /// <summary>Sends one message. Writes must not overlap.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);

    /// <summary>Ends the request stream (END_STREAM).</summary>
    Task CompleteAsync();
}
