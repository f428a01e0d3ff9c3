namespace CancelGateway.Grpc.Server;

/// <summary>Options of the gRPC server layer.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>The largest request message accepted, after decompression (default 4 MiB); larger is RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = Protocol.GrpcProtocolConstants.DefaultMaxReceiveMessageSize;

    /// <summary>The largest response message sent (default unlimited); larger is RESOURCE_EXHAUSTED.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// When true, an unexpected handler exception's message is sent to the client. Off by
    /// default: the client sees UNKNOWN with a generic message, the log sees the exception.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>
    /// Compress every response message with this encoding ("gzip") when the client accepts it.
    /// Null (the default) sends uncompressed unless a handler asks per call.
    /// </summary>
    public string? ResponseCompression { get; set; }

    internal void Validate()
    {
        if (MaxReceiveMessageSize <= 0)
        {
            throw new InvalidOperationException($"{nameof(GrpcServerOptions)}.{nameof(MaxReceiveMessageSize)} must be positive (was {MaxReceiveMessageSize}).");
        }

        if (MaxSendMessageSize is <= 0)
        {
            throw new InvalidOperationException($"{nameof(GrpcServerOptions)}.{nameof(MaxSendMessageSize)} must be positive when set (was {MaxSendMessageSize}).");
        }

        if (ResponseCompression is not null and not Protocol.GrpcProtocolConstants.GzipEncoding)
        {
            throw new InvalidOperationException($"{nameof(GrpcServerOptions)}.{nameof(ResponseCompression)} must be null or \"gzip\" (was \"{ResponseCompression}\").");
        }
    }
}
