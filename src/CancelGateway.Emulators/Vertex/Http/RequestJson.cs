using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>Reads a request body as a JSON object, failing the way Google's JSON transcoding does.</summary>
internal static class RequestJson
{
    /// <summary>Returns the body's object, or null when the body is empty.</summary>
    /// <param name="request">The request.</param>
    /// <param name="knownFields">Fields the request message has; any other is rejected.</param>
    public static async Task<JsonDocument?> ReadObjectAsync(HttpRequest request, params string[] knownFields)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length == 0)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            throw VertexErrors.InvalidJson($"Syntax error at byte {e.BytePositionInLine ?? 0} of line {e.LineNumber ?? 0}.");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw VertexErrors.InvalidJson("The body must be a JSON object.");
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            var name = property.Name;
            if (!knownFields.Contains(name, StringComparer.Ordinal))
            {
                document.Dispose();
                throw VertexErrors.InvalidJson($"Unknown name \"{name}\": Cannot find field.");
            }
        }

        return document;
    }
}
