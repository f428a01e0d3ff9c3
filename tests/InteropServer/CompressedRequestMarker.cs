using Microsoft.AspNetCore.Http;

namespace CancelGateway.InteropServer;

/// <summary>Whether the request message read last arrived compressed (set by <see cref="RecordingGzipCompressionProvider"/>).</summary>
internal static class CompressedRequestMarker
{
    private static readonly object Key = new();

    public static void Mark(HttpContext httpContext) => httpContext.Items[Key] = true;

    /// <summary>True if a message was decompressed since the last call; clears the mark for the next message.</summary>
    public static bool Take(HttpContext httpContext) => httpContext.Items.Remove(Key);
}
