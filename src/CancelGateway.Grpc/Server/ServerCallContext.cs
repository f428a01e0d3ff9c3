using CancelGateway.Grpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Grpc.Server;

/// <summary>
/// What a handler knows of its call: method, deadline, cancellation, metadata in and out, peer.
/// One per call; it lives as long as the handler runs.
/// </summary>
public sealed class ServerCallContext : IDisposable
{
    private readonly CancellationTokenSource? _deadlineSource;
    private readonly CancellationTokenRegistration _abortRegistration;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private bool _gzipDeclared;

    internal ServerCallContext(HttpContext httpContext, string method, GrpcServerOptions options, TimeSpan? timeout, TimeProvider timeProvider)
    {
        HttpContext = httpContext;
        Method = method;
        Options = options;
        var aborted = httpContext.RequestAborted;
        if (timeout is { } t)
        {
            Deadline = timeProvider.GetUtcNow() + t;
            _deadlineSource = new CancellationTokenSource(t, timeProvider);
            _abortRegistration = aborted.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _deadlineSource);
            CancellationToken = _deadlineSource.Token;
        }
        else
        {
            CancellationToken = aborted;
        }

        var encoding = httpContext.Request.Headers.GrpcEncoding;
        RequestEncoding = encoding.Count == 0 ? null : encoding.ToString();
        Reader = new PipeMessageReader(httpContext.Request.BodyReader, options.MaxReceiveMessageSize, RequestEncoding);
        ResponseCompressed = options.ResponseCompression is not null;
    }

    /// <summary>The full method name, <c>/package.Service/Method</c>.</summary>
    public string Method { get; }

    /// <summary>The call's deadline from <c>grpc-timeout</c>, or null when the client set none.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Cancelled when the client cancels, the connection drops or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The underlying HTTP context (connection, TLS, user).</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The remote address, as <c>ipv4:1.2.3.4:5678</c> or <c>ipv6:[::1]:5678</c>.</summary>
    public string Peer
    {
        get
        {
            var connection = HttpContext.Connection;
            if (connection.RemoteIpAddress is null)
            {
                return "unknown";
            }

            var family = connection.RemoteIpAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ipv6:[" + connection.RemoteIpAddress + "]" : "ipv4:" + connection.RemoteIpAddress;
            return family + ":" + connection.RemotePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The request metadata (protocol headers left out; <c>-bin</c> values decoded).</summary>
    public Metadata RequestHeaders => _requestHeaders ??= MetadataHeaders.FromHeaders(HttpContext.Request.Headers);

    /// <summary>Metadata sent with the status at the end of the call.</summary>
    public Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    /// <summary>Whether the request message most recently read arrived compressed.</summary>
    public bool RequestMessageCompressed => Reader.LastMessageCompressed;

    /// <summary>
    /// Whether response messages are gzip-compressed. It takes effect only when it is true as
    /// the response headers go out and the client listed gzip in <c>grpc-accept-encoding</c>;
    /// after that it can be switched per message.
    /// </summary>
    public bool ResponseCompressed { get; set; }

    /// <summary>Whether the next response message is compressed: asked for, and declared in the headers.</summary>
    internal bool CompressNextMessage => ResponseCompressed && _gzipDeclared;

    internal GrpcServerOptions Options { get; }

    internal PipeMessageReader Reader { get; }

    internal string? RequestEncoding { get; }

    /// <summary>
    /// True once the response carries headers or messages, so the status must go in trailers.
    /// (Kestrel's HasStarted stays false until the first flush, and unary responses flush once, at the end.)
    /// </summary>
    internal bool ResponseStarted { get; private set; }

    internal bool HasResponseTrailers => _responseTrailers is { Count: > 0 };

    internal bool DeadlineExceeded => _deadlineSource is { IsCancellationRequested: true } && !HttpContext.RequestAborted.IsCancellationRequested;

    /// <summary>Sends the response headers now, with <paramref name="headers"/> added. Allowed once, before the first message.</summary>
    public async Task WriteResponseHeadersAsync(Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var response = HttpContext.Response;
        if (ResponseStarted || response.HasStarted)
        {
            throw new InvalidOperationException("Response headers can only be sent once per call, before the first message.");
        }

        MetadataHeaders.AddTo(response.Headers, headers);
        PrepareResponseHeaders();
        await response.BodyWriter.FlushAsync(CancellationToken);
    }

    /// <summary>Sets the protocol headers of a response that carries messages.</summary>
    internal void PrepareResponseHeaders()
    {
        var response = HttpContext.Response;
        if (ResponseStarted || response.HasStarted)
        {
            return;
        }

        ResponseStarted = true;
        response.ContentType = GrpcProtocolConstants.ContentType;
        if (ResponseCompressed && AcceptsGzip())
        {
            response.Headers.GrpcEncoding = GrpcProtocolConstants.GzipEncodingValue;
            _gzipDeclared = true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _abortRegistration.Dispose();
        _deadlineSource?.Dispose();
    }

    private bool AcceptsGzip()
    {
        foreach (var value in HttpContext.Request.Headers.GrpcAcceptEncoding)
        {
            if (value is not null && value.Contains(GrpcProtocolConstants.GzipEncoding, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
