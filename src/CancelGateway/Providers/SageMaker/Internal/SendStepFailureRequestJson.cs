namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>SendPipelineExecutionStepFailureRequest. A class, not a record: the token stays out of ToString.</summary>
internal sealed class SendStepFailureRequestJson
{
    public required string CallbackToken { get; init; }

    /// <summary>At most 256 characters.</summary>
    public required string FailureReason { get; init; }

    public required string ClientRequestToken { get; init; }
}
