namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>LambdaStepMetadata.</summary>
internal sealed class LambdaMetadataJson
{
    /// <summary>The function's ARN.</summary>
    public string? Arn { get; set; }
}
