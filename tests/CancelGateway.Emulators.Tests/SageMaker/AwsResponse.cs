using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CancelGateway.Emulators.Tests.Support;

namespace CancelGateway.Emulators.Tests.SageMaker;

/// <summary>An AWS JSON 1.1 response read whole: status, headers and the JSON body (Undefined when empty).</summary>
public sealed record AwsResponse(HttpStatusCode Status, HttpResponseHeaders Headers, string? ContentType, JsonElement Json)
{
    /// <summary>The error's <c>__type</c>, e.g. ResourceNotFound.</summary>
    public string? ErrorType => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("__type", out var t) ? t.GetString() : null;

    /// <summary>The error's <c>message</c>.</summary>
    public string? ErrorMessage => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("message", out var m) ? m.GetString() : null;

    /// <summary>The x-amzn-RequestId header.</summary>
    public string? RequestId => Headers.TryGetValues("x-amzn-RequestId", out var values) ? values.FirstOrDefault() : null;

    public static async Task<AwsResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Timeouts.Default);
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new AwsResponse(response.StatusCode, response.Headers, response.Content.Headers.ContentType?.ToString(), json);
    }
}
