namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>StopPipelineExecutionRequest.</summary>
internal sealed class StopPipelineExecutionRequestJson
{
    public required string PipelineExecutionArn { get; init; }

    /// <summary>32 to 128 characters; the same for every retry of one gateway operation.</summary>
    public required string ClientRequestToken { get; init; }
}
