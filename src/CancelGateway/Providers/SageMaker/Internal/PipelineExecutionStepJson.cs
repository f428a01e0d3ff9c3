namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>The fields of a PipelineExecutionStep the gateway reads.</summary>
internal sealed class PipelineExecutionStepJson
{
    public string? StepName { get; set; }

    /// <summary>Starting, Executing, Stopping, Stopped, Failed or Succeeded.</summary>
    public string? StepStatus { get; set; }

    public string? FailureReason { get; set; }

    public StepMetadataJson? Metadata { get; set; }
}
