using System.Text.Json.Serialization;

namespace CancelGateway.Cli.Output;

/// <summary>Source-generated JSON for the CLI's own lines (errors), camelCase like the proto3 JSON mapping.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonError))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
