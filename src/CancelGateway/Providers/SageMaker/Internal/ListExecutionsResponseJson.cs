namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>ListPipelineExecutionsResponse.</summary>
internal sealed class ListExecutionsResponseJson
{
    public List<PipelineExecutionSummaryJson>? PipelineExecutionSummaries { get; set; }

    public string? NextToken { get; set; }
}
