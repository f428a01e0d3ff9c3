using CancelGateway.Grpc.Server;
using Google.Protobuf;

namespace CancelGateway.Grpc.Client;

/// <summary>
/// A connection (pool) to one gRPC server over HttpClient's HTTP/2: h2c with prior knowledge
/// for <c>http://</c>, TLS with ALPN for <c>https://</c>. Thread-safe; share one per server.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private GrpcChannel(Uri address, GrpcChannelOptions options, HttpMessageInvoker invoker)
    {
        Address = address;
        Options = options;
        Invoker = invoker;
    }

    /// <summary>The server's base address.</summary>
    public Uri Address { get; }

    internal GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    /// <summary>Creates a channel to <paramref name="address"/> (<c>http://host:port</c> or <c>https://host:port</c>).</summary>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"The address must be http:// or https://, not '{address.Scheme}'.", nameof(address));
        }

        options ??= new GrpcChannelOptions();
        HttpMessageHandler handler;
        bool disposeHandler;
        if (options.HttpHandler is { } given)
        {
            handler = given;
            disposeHandler = options.DisposeHttpHandler;
        }
        else
        {
            var sockets = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
                AutomaticDecompression = System.Net.DecompressionMethods.None,
            };
            if (options.ServerCertificateValidation is { } validate)
            {
                sockets.SslOptions.RemoteCertificateValidationCallback = validate;
            }

            handler = sockets;
            disposeHandler = true;
        }

        return new GrpcChannel(address, options, new HttpMessageInvoker(handler, disposeHandler));
    }

    /// <summary>Starts a call of any kind; for unary and server-streaming calls the request is sent and completed at once.</summary>
    public GrpcCall<TRequest, TResponse> Start<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest? request = null, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(method);
        var call = new GrpcCall<TRequest, TResponse>(this, method, options);
        if (!method.IsClientStreaming)
        {
            ArgumentNullException.ThrowIfNull(request);
            _ = SendSingleAsync(call, request, options.CancellationToken);
        }

        return call;
    }

    /// <summary>Makes a unary call and returns its response; throws <see cref="RpcException"/> on a non-OK status.</summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        using var call = Start(method, request, options);
        return await call.GetResponseAsync();
    }

    /// <summary>Makes a server-streaming call and yields its responses.</summary>
    public async IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        using var call = Start(method, request, options);
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            yield return response;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Invoker.Dispose();

    private static async Task SendSingleAsync<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call, TRequest request, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        try
        {
            await call.RequestStream.WriteAsync(request, cancellationToken);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The same failure surfaces where the caller reads the response.
        }
    }
}
