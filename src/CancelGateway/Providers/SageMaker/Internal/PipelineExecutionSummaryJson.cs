namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>The fields of a PipelineExecutionSummary the gateway reads.</summary>
internal sealed class PipelineExecutionSummaryJson
{
    public string? PipelineExecutionArn { get; set; }

    /// <summary>Epoch seconds.</summary>
    public double? StartTime { get; set; }

    public string? PipelineExecutionStatus { get; set; }

    public string? PipelineExecutionDisplayName { get; set; }
}
