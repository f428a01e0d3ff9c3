namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>CallbackStepMetadata. A class, not a record: the token (a secret) stays out of ToString.</summary>
internal sealed class CallbackMetadataJson
{
    /// <summary>10 letters and digits; whoever holds it can fail the step, so it never leaves the adapter.</summary>
    public string? CallbackToken { get; set; }

    public string? SqsQueueUrl { get; set; }
}
