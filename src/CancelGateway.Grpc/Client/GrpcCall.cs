using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using CancelGateway.Grpc.Client.Internal;
using CancelGateway.Grpc.Protocol;
using CancelGateway.Grpc.Server;
using Google.Protobuf;

namespace CancelGateway.Grpc.Client;

/// <summary>
/// One call in flight, of any kind: the request stream, the response headers, the response
/// stream or single response, then the status and trailers. Disposing it cancels the call.
/// </summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed partial class GrpcCall<TRequest, TResponse> : IDisposable
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _callCancellation;
    private readonly StreamingRequestContent _content = new();
    private readonly Task<HttpResponseMessage> _send;
    private readonly Lazy<Task<Metadata>> _headers;
    private readonly ResponseReader _responseStream;
    private readonly RequestWriter _requestStream;
    private HttpResponseMessage? _response;
    private PipeMessageReader? _reader;
    private Status? _status;
    private Metadata? _trailers;

    internal GrpcCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        _callCancellation = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        if (options.Timeout is { } timeout)
        {
            _callCancellation.CancelAfter(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        }

        _responseStream = new ResponseReader(this);
        _requestStream = new RequestWriter(this);
        _headers = new Lazy<Task<Metadata>>(ReadHeadersAsync);
        _send = channel.Invoker.SendAsync(BuildRequest(), _callCancellation.Token);
    }

    /// <summary>The request stream (client-streaming and bidi calls).</summary>
    public IClientStreamWriter<TRequest> RequestStream => _requestStream;

    /// <summary>The response stream (server-streaming and bidi calls).</summary>
    public IAsyncStreamReader<TResponse> ResponseStream => _responseStream;

    /// <summary>The response headers; for a trailers-only response, what came with the status.</summary>
    public Task<Metadata> ResponseHeadersAsync => _headers.Value;

    /// <summary>The single response (unary and client-streaming calls); throws <see cref="RpcException"/> on a non-OK status.</summary>
    public async Task<TResponse> GetResponseAsync()
    {
        if (!await _responseStream.MoveNext(CancellationToken.None))
        {
            throw Fail(new Status(StatusCode.Internal, "The call ended OK without a response message."));
        }

        var response = _responseStream.Current;
        if (await _responseStream.MoveNext(CancellationToken.None))
        {
            throw Fail(new Status(StatusCode.Internal, "The server sent more than one response message to a call that expects one."));
        }

        return response;
    }

    /// <summary>The status; available once the response has been read to its end.</summary>
    public Status GetStatus() => _status ?? throw new InvalidOperationException("The call has not finished yet.");

    /// <summary>The trailers; available once the response has been read to its end.</summary>
    public Metadata GetTrailers() => _trailers ?? throw new InvalidOperationException("The call has not finished yet.");

    /// <summary>Cancels the call if it is still running and releases it.</summary>
    public void Dispose()
    {
        if (_status is null)
        {
            _callCancellation.Cancel();
        }

        _content.Abort();
        _response?.Dispose();
        _callCancellation.Dispose();
    }

    internal async Task WriteRequestAsync(TRequest message, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _callCancellation.Token);
        Stream stream;
        try
        {
            stream = await _content.GetStreamAsync(linked.Token);
            var buffer = new ArrayBufferWriter<byte>();
            MessageFraming.WriteMessage(buffer, message, _options.CompressRequest);
            await stream.WriteAsync(buffer.WrittenMemory, linked.Token);
            await stream.FlushAsync(linked.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
            // A failed send does not decide the call's status: the server may already have
            // answered (a trailers-only RESOURCE_EXHAUSTED for a message over its limit, say),
            // and the reader reports that.
            throw TranslateFailure(e, finish: false);
        }
    }

    internal void CompleteRequest() => _content.Complete();

    private HttpRequestMessage BuildRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_channel.Address, _method.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = _content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocolConstants.TeHeader, GrpcProtocolConstants.TeTrailers);
        headers.TryAddWithoutValidation(GrpcProtocolConstants.AcceptEncodingHeader, GrpcProtocolConstants.SupportedEncodings);
        if (_options.CompressRequest)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.EncodingHeader, GrpcProtocolConstants.GzipEncoding);
        }

        if (_options.Timeout is { } timeout)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.TimeoutHeader, GrpcTimeout.Format(timeout));
        }

        if (_options.Headers is { } metadata)
        {
            MetadataHeaders.AddTo(headers, metadata);
        }

        return request;
    }

    private async Task<HttpResponseMessage> GetHttpResponseAsync()
    {
        if (_response is not null)
        {
            return _response;
        }

        HttpResponseMessage response;
        try
        {
            response = await _send;
        }
        catch (Exception e)
        {
            throw TranslateFailure(e);
        }

        _response = response;
        if (ClientStatus.Read(response.Headers) is { } trailersOnly)
        {
            // Trailers-only: the status came with the headers and there is no body.
            Finish(trailersOnly.Status, trailersOnly.Rich, MetadataHeaders.FromHeaders(response.Headers));
        }
        else if (response.StatusCode != HttpStatusCode.OK)
        {
            Finish(ClientStatus.FromHttpStatus(response.StatusCode), null, new Metadata());
        }
        else if (!GrpcProtocolConstants.IsGrpcContentType(response.Content.Headers.ContentType?.MediaType))
        {
            Finish(new Status(StatusCode.Unknown, $"Bad gRPC response: content-type '{response.Content.Headers.ContentType}'."), null, new Metadata());
        }
        else
        {
            var encoding = response.Headers.NonValidated.TryGetValues(GrpcProtocolConstants.EncodingHeader, out var values) ? values.ToString() : null;
            var body = await response.Content.ReadAsStreamAsync(_callCancellation.Token);
            _reader = new PipeMessageReader(PipeReader.Create(body), _channel.Options.MaxReceiveMessageSize, encoding);
        }

        return response;
    }

    private async Task<Metadata> ReadHeadersAsync()
    {
        var response = await GetHttpResponseAsync();
        return MetadataHeaders.FromHeaders(response.Headers);
    }
}
