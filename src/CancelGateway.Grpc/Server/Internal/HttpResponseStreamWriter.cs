using Google.Protobuf;

namespace CancelGateway.Grpc.Server.Internal;

/// <summary>The response stream of a server-streaming or bidi call: one frame and one flush per message.</summary>
internal sealed class HttpResponseStreamWriter<T>(ServerCallContext call) : IServerStreamWriter<T>
    where T : IMessage<T>
{
    private int _writing;
    private volatile bool _completed;

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("Cannot write to the response stream after the call has completed.");
        }

        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("A write is already in progress; writes to a response stream must not overlap.");
        }

        try
        {
            if (call.DeadlineExceeded)
            {
                throw new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded.");
            }

            ResponseWriting.WriteMessage(call, message);
            var token = cancellationToken.CanBeCanceled ? cancellationToken : call.CancellationToken;
            await call.HttpContext.Response.BodyWriter.FlushAsync(token);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    public void Complete() => _completed = true;
}
