using System.Text.Json.Serialization;

namespace CancelGateway.Security;

/// <summary>The policy file as written: <c>{"principals": {"&lt;principal&gt;": {...}}}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class PolicyDocument
{
    [JsonPropertyName("principals")]
    [JsonRequired]
    public Dictionary<string, PolicyEntry> Principals { get; init; } = [];
}
