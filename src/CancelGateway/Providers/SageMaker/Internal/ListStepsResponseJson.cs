namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>ListPipelineExecutionStepsResponse.</summary>
internal sealed class ListStepsResponseJson
{
    public List<PipelineExecutionStepJson>? PipelineExecutionSteps { get; set; }

    public string? NextToken { get; set; }
}
