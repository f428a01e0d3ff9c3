namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>The body of pipelineJobs:batchCancel.</summary>
internal sealed class BatchCancelRequestJson
{
    public required IReadOnlyList<string> Names { get; init; }
}
