using Google.Protobuf;

namespace CancelGateway.Grpc.Server.Internal;

/// <summary>The request stream of a client-streaming or bidi call.</summary>
internal sealed class HttpRequestStreamReader<T>(ServerCallContext call, MessageParser<T> parser) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;
    private bool _ended;

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true yet.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return false;
        }

        T? message;
        if (!cancellationToken.CanBeCanceled || cancellationToken == call.CancellationToken)
        {
            message = await call.Reader.ReadNextAsync(parser, call.CancellationToken);
        }
        else
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.CancellationToken);
            message = await call.Reader.ReadNextAsync(parser, linked.Token);
        }

        if (message is null)
        {
            _ended = true;
            return false;
        }

        _current = message;
        return true;
    }
}
