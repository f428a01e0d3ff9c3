using System.Text.Json.Serialization;

namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>
/// Source-generated System.Text.Json metadata for the SageMaker AWS JSON 1.1 bodies: member names
/// exactly as the service model spells them (PascalCase), nulls left out, unknown members ignored
/// so new service fields never break us.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StopPipelineExecutionRequestJson))]
[JsonSerializable(typeof(ExecutionArnJson))]
[JsonSerializable(typeof(ListStepsRequestJson))]
[JsonSerializable(typeof(ListStepsResponseJson))]
[JsonSerializable(typeof(ListExecutionsRequestJson))]
[JsonSerializable(typeof(ListExecutionsResponseJson))]
[JsonSerializable(typeof(DescribeExecutionResponseJson))]
[JsonSerializable(typeof(SendStepFailureRequestJson))]
[JsonSerializable(typeof(AwsErrorJson))]
internal sealed partial class SageMakerJsonContext : JsonSerializerContext;
