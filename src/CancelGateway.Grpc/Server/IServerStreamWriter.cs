namespace CancelGateway.Grpc.Server;

/// <summary>Writes the messages of a response stream. Writes must not overlap.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IServerStreamWriter<in T>
{
    /// <summary>Writes and flushes one message.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
