namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>The fields of DescribePipelineExecutionResponse the gateway reads.</summary>
internal sealed class DescribeExecutionResponseJson
{
    public string? PipelineExecutionArn { get; set; }

    /// <summary>Executing, Stopping, Stopped, Failed or Succeeded.</summary>
    public string? PipelineExecutionStatus { get; set; }

    public string? FailureReason { get; set; }

    /// <summary>Epoch seconds (AWS JSON timestamps are numbers).</summary>
    public double? CreationTime { get; set; }

    /// <summary>Epoch seconds; the time of the last status change, so the end time of an ended execution.</summary>
    public double? LastModifiedTime { get; set; }
}
