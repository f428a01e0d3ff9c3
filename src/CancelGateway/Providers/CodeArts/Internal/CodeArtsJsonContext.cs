using System.Text.Json.Serialization;

namespace CancelGateway.Providers.CodeArts.Internal;

/// <summary>
/// Source-generated System.Text.Json metadata for the CodeArts and IAM bodies the gateway reads:
/// member names in Huawei's snake_case, unknown members ignored so new service fields never break us.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PipelineRunDetailJson))]
[JsonSerializable(typeof(StopRunResponseJson))]
[JsonSerializable(typeof(ListPipelineRunsRequestJson))]
[JsonSerializable(typeof(ListPipelineRunsResponseJson))]
[JsonSerializable(typeof(IamTokenResponseJson))]
[JsonSerializable(typeof(HuaweiErrorJson))]
internal sealed partial class CodeArtsJsonContext : JsonSerializerContext;
