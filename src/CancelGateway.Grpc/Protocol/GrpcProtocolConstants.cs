using Microsoft.Extensions.Primitives;

namespace CancelGateway.Grpc.Protocol;

/// <summary>Header names, content types and fixed values of PROTOCOL-HTTP2.md, in one place.</summary>
internal static class GrpcProtocolConstants
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string StatusDetailsHeader = "grpc-status-details-bin";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string IdentityEncoding = "identity";
    public const string GzipEncoding = "gzip";

    /// <summary>What this layer can decode, advertised in <c>grpc-accept-encoding</c>.</summary>
    public const string SupportedEncodings = "identity,gzip";

    /// <summary>The 5-byte length prefix: a compressed flag and a big-endian uint32 length.</summary>
    public const int HeaderSize = 5;

    /// <summary>The default receive limit (4 MiB), the same as the other gRPC stacks.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    public static readonly StringValues ContentTypeValue = new(ContentType);
    public static readonly StringValues StatusOkValue = new("0");
    public static readonly StringValues SupportedEncodingsValue = new(SupportedEncodings);
    public static readonly StringValues GzipEncodingValue = new(GzipEncoding);

    /// <summary>Status code strings "0".."16", so writing a status allocates nothing.</summary>
    public static readonly StringValues[] StatusValues = Enumerable.Range(0, 17).Select(i => new StringValues(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

    /// <summary>
    /// True for <c>application/grpc</c> and <c>application/grpc+proto</c>, with or without
    /// parameters. Other <c>+suffix</c> codecs (json, ...) are not served.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = contentType.AsSpan(ContentType.Length);
        if (rest.IsEmpty || rest[0] == ';')
        {
            return true;
        }

        if (rest.StartsWith("+proto", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest["+proto".Length..];
            return rest.IsEmpty || rest[0] == ';';
        }

        return false;
    }

    /// <summary>Headers that belong to the protocol and are never surfaced as call metadata.</summary>
    public static bool IsReservedHeader(string name) =>
        name.StartsWith(':')
        || name.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || name.Equals(TeHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals("host", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase);
}
