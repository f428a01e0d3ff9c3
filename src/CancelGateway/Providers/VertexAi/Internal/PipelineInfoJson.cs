namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary><c>pipelineSpec.pipelineInfo</c>: its <c>name</c> is what pipelineJobs.list filters as <c>pipeline_name</c>.</summary>
internal sealed class PipelineInfoJson
{
    public string? Name { get; set; }
}
