namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>PipelineExecutionStepMetadata: one member per step type; the gateway reads the two that can hold a stop.</summary>
internal sealed class StepMetadataJson
{
    public CallbackMetadataJson? Callback { get; set; }

    public LambdaMetadataJson? Lambda { get; set; }
}
