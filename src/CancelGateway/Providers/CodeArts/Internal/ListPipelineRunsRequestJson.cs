namespace CancelGateway.Providers.CodeArts.Internal;

/// <summary>ListPipelineRuns' body (ListPipelineRunsQuery in Huawei's SDK), the members the gateway sends.</summary>
internal sealed class ListPipelineRunsRequestJson
{
    /// <summary>Runs that started at or after this time: a millisecond timestamp, as text (the API takes a timestamp or <c>yyyy-MM-dd HH:mm:ss</c>).</summary>
    public string? StartTime { get; init; }

    public long Offset { get; init; }

    public long Limit { get; init; }

    /// <summary><c>start_time</c> or <c>update_time</c>.</summary>
    public string? SortKey { get; init; }

    /// <summary><c>asc</c> or <c>desc</c>.</summary>
    public string? SortDir { get; init; }
}
