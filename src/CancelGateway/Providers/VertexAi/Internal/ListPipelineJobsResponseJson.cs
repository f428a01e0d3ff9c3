namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>ListPipelineJobsResponse (REST v1).</summary>
internal sealed class ListPipelineJobsResponseJson
{
    public List<PipelineJobJson>? PipelineJobs { get; set; }

    /// <summary>Empty or absent after the last page.</summary>
    public string? NextPageToken { get; set; }
}
