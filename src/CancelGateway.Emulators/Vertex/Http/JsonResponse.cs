using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>Writes a JSON body rendered with <see cref="Utf8JsonWriter"/>, so the shape on the wire is exactly what the code says.</summary>
internal static class JsonResponse
{
    /// <summary>What Google's front end sends.</summary>
    public const string ContentType = "application/json; charset=UTF-8";

    public static async Task WriteAsync<TState>(HttpResponse response, int statusCode, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(json, state);
        }

        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted);
    }
}
