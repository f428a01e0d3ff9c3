using System.Text.Json.Serialization;

namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>
/// Source-generated System.Text.Json metadata for the Vertex AI REST bodies (proto3 JSON:
/// lowerCamelCase names, unknown fields ignored so new server fields never break us).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PipelineJobJson))]
[JsonSerializable(typeof(OperationJson))]
[JsonSerializable(typeof(ListPipelineJobsResponseJson))]
[JsonSerializable(typeof(BatchCancelRequestJson))]
[JsonSerializable(typeof(GoogleErrorBodyJson))]
[JsonSerializable(typeof(List<GoogleErrorBodyJson>))]
internal sealed partial class VertexJsonContext : JsonSerializerContext;
