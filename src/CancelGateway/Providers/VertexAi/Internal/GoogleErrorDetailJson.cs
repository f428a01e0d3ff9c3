using System.Text.Json.Serialization;

namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>One detail of Google's JSON error; only google.rpc.RetryInfo's <c>retryDelay</c> is read.</summary>
internal sealed class GoogleErrorDetailJson
{
    [JsonPropertyName("@type")]
    public string? Type { get; set; }

    /// <summary>A proto3 JSON Duration, e.g. "1.5s".</summary>
    public string? RetryDelay { get; set; }
}
