namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>ListPipelineExecutionsRequest.</summary>
internal sealed class ListExecutionsRequestJson
{
    /// <summary>PipelineNameOrArn: the gateway sends the pipeline's ARN (its scope).</summary>
    public required string PipelineName { get; init; }

    /// <summary>Epoch seconds; the service returns executions created after it.</summary>
    public decimal? CreatedAfter { get; init; }

    /// <summary>Epoch seconds; the service returns executions created before it.</summary>
    public decimal? CreatedBefore { get; init; }

    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public string? NextToken { get; init; }

    public int MaxResults { get; init; }
}
