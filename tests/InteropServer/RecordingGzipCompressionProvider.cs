using System.IO.Compression;
using Grpc.Net.Compression;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.InteropServer;

/// <summary>
/// grpc-dotnet's gzip provider, which also marks the current request when it is asked to
/// decompress a message. grpc-dotnet calls it only for messages whose compressed flag is set,
/// so the mark tells the handler that the message it just read arrived compressed.
/// </summary>
internal sealed class RecordingGzipCompressionProvider(IHttpContextAccessor accessor) : ICompressionProvider
{
    private readonly GzipCompressionProvider _gzip = new(CompressionLevel.Fastest);

    public string EncodingName => _gzip.EncodingName;

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        _gzip.CreateCompressionStream(stream, compressionLevel);

    public Stream CreateDecompressionStream(Stream stream)
    {
        var httpContext = accessor.HttpContext;
        if (httpContext is not null)
        {
            CompressedRequestMarker.Mark(httpContext);
        }

        return _gzip.CreateDecompressionStream(stream);
    }
}
