namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>ListPipelineExecutionStepsRequest.</summary>
internal sealed class ListStepsRequestJson
{
    public required string PipelineExecutionArn { get; init; }

    public string? NextToken { get; init; }

    public int MaxResults { get; init; }

    public string? SortOrder { get; init; }
}
