using System.Net.Security;

namespace CancelGateway.Grpc.Client;

/// <summary>Options of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>The largest response message accepted (default 4 MiB); larger fails the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = Protocol.GrpcProtocolConstants.DefaultMaxReceiveMessageSize;

    /// <summary>A handler to send through instead of the channel's own <see cref="System.Net.Http.SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Whether disposing the channel disposes <see cref="HttpHandler"/> (always true for the channel's own handler).</summary>
    public bool DisposeHttpHandler { get; set; }

    /// <summary>Checks the server's TLS certificate (for example to trust a test certificate); the system's check when null.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }
}
