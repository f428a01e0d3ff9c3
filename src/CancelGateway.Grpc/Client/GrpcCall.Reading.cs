using CancelGateway.Grpc.Client.Internal;
using CancelGateway.Grpc.Protocol;
using CancelGateway.Grpc.Server;

namespace CancelGateway.Grpc.Client;

/// <content>Reading the response stream and ending the call with its status.</content>
public sealed partial class GrpcCall<TRequest, TResponse>
{
    private async Task<(bool HasMessage, TResponse? Message)> ReadNextAsync(CancellationToken cancellationToken)
    {
        await GetHttpResponseAsync();
        if (_reader is null)
        {
            return Ended();
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _callCancellation.Token);
        TResponse? message;
        try
        {
            message = await _reader.ReadNextAsync(_method.ResponseParser, linked.Token);
        }
        catch (RpcException e)
        {
            // A broken or oversized response message: the call is over for us.
            _callCancellation.Cancel();
            throw Fail(e.Status);
        }
        catch (Exception e)
        {
            throw TranslateFailure(e);
        }

        if (message is not null)
        {
            return (true, message);
        }

        var status = ClientStatus.Read(_response!.TrailingHeaders);
        if (status is null)
        {
            Finish(new Status(StatusCode.Internal, "The response ended without a grpc-status trailer."), null, new Metadata());
        }
        else
        {
            Finish(status.Value.Status, status.Value.Rich, MetadataHeaders.FromHeaders(_response.TrailingHeaders));
        }

        _reader = null;
        return Ended();
    }

    private (bool, TResponse?) Ended()
    {
        var status = _status!.Value;
        if (status.StatusCode != StatusCode.OK)
        {
            throw ClientStatus.ToException(status, _richStatus, _trailers!);
        }

        return (false, null);
    }

    private Google.Rpc.Status? _richStatus;

    private void Finish(Status status, Google.Rpc.Status? rich, Metadata trailers)
    {
        _status ??= status;
        _richStatus ??= rich;
        _trailers ??= trailers;
    }

    private RpcException Fail(Status status)
    {
        Finish(status, null, new Metadata());
        return new RpcException(status, _trailers);
    }

    /// <summary>Turns a transport failure into the status the caller should see; <paramref name="finish"/> makes it the call's status.</summary>
    private RpcException TranslateFailure(Exception exception, bool finish = true)
    {
        if (_status is { StatusCode: not StatusCode.OK } known)
        {
            return ClientStatus.ToException(known, _richStatus, _trailers!);
        }

        Status status;
        if (_options.CancellationToken.IsCancellationRequested)
        {
            status = new Status(StatusCode.Cancelled, "Call cancelled by the client.");
        }
        else if (_callCancellation.IsCancellationRequested && _options.Timeout is not null)
        {
            status = new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.");
        }
        else if (_callCancellation.IsCancellationRequested)
        {
            status = new Status(StatusCode.Cancelled, "Call cancelled.");
        }
        else if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } http)
        {
            status = new Status(StatusCode.Unavailable, $"Could not connect to {_channel.Address.Authority}: {http.Message}");
        }
        else if (FindProtocolError(exception) is { } code)
        {
            // RST_STREAM from the server: CANCEL maps to CANCELLED, the rest to INTERNAL (PROTOCOL-HTTP2.md).
            status = code == 0x8 ? new Status(StatusCode.Cancelled, "Stream reset by the server (CANCEL).") : new Status(StatusCode.Internal, $"Stream reset by the server (HTTP/2 error 0x{code:x}).");
        }
        else
        {
            status = new Status(StatusCode.Unavailable, $"Transport failure: {exception.Message}");
        }

        if (!finish)
        {
            return new RpcException(status);
        }

        Finish(status, null, new Metadata());
        return new RpcException(status, _trailers);
    }

    private static long? FindProtocolError(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpProtocolException protocol)
            {
                return protocol.ErrorCode;
            }
        }

        return null;
    }

    private sealed class ResponseReader(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    {
        private TResponse? _current;

        public TResponse Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true yet.");

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var (hasMessage, message) = await call.ReadNextAsync(cancellationToken);
            _current = message;
            return hasMessage;
        }
    }

    private sealed class RequestWriter(GrpcCall<TRequest, TResponse> call) : IClientStreamWriter<TRequest>
    {
        public Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(message);
            return call.WriteRequestAsync(message, cancellationToken);
        }

        public Task CompleteAsync()
        {
            call.CompleteRequest();
            return Task.CompletedTask;
        }
    }
}
