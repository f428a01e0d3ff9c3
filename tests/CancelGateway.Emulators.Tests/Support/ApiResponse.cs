using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CancelGateway.Emulators.Tests.Support;

/// <summary>A response read whole: status, headers and the JSON body (Undefined when empty).</summary>
public sealed record ApiResponse(HttpStatusCode Status, HttpResponseHeaders Headers, string? ContentType, JsonElement Json)
{
    /// <summary>The Google error's <c>error.status</c>, e.g. NOT_FOUND.</summary>
    public string? ErrorStatus => Json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e.GetProperty("status").GetString() : null;

    /// <summary>The Google error's ErrorInfo reason.</summary>
    public string? ErrorReason => Json.GetProperty("error").GetProperty("details").EnumerateArray()
        .First(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo").GetProperty("reason").GetString();

    public string? ErrorMessage => Json.GetProperty("error").GetProperty("message").GetString();

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Timeouts.Default);
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiResponse(response.StatusCode, response.Headers, response.Content.Headers.ContentType?.ToString(), json);
    }
}
