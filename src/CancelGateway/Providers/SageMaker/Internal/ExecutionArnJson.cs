namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>
/// <c>{"PipelineExecutionArn": "..."}</c>: the request of DescribePipelineExecution, and the
/// response of StopPipelineExecution and SendPipelineExecutionStep*.
/// </summary>
internal sealed class ExecutionArnJson
{
    public string? PipelineExecutionArn { get; set; }
}
