namespace CancelGateway.Providers.CodeArts.Internal;

/// <summary>ListPipelineRuns' answer.</summary>
internal sealed class ListPipelineRunsResponseJson
{
    public long? Offset { get; set; }

    public long? Limit { get; set; }

    /// <summary>How many runs match, whatever the page.</summary>
    public long? Total { get; set; }

    public List<PipelineRunSummaryJson>? PipelineRuns { get; set; }
}
