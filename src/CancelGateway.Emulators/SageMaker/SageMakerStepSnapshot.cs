namespace CancelGateway.Emulators.SageMaker;

/// <summary>A pipeline step as ListPipelineExecutionSteps would return it at one instant.</summary>
/// <param name="Name">StepName.</param>
/// <param name="DisplayName">StepDisplayName.</param>
/// <param name="Kind">How the step behaves on a stop.</param>
/// <param name="Status">StepStatus at that instant.</param>
/// <param name="StartTime">When the step started.</param>
/// <param name="EndTime">When it reached a terminal status; null before.</param>
/// <param name="FailureReason">Why it failed; null unless Failed.</param>
/// <param name="CallbackToken">A callback step's token (10 alphanumerics): a secret, kept out of <see cref="ToString"/>.</param>
/// <param name="SqsQueueUrl">A callback step's SQS queue URL.</param>
/// <param name="LambdaArn">A Lambda step's function ARN.</param>
/// <param name="JobArn">A plain step's processing job ARN.</param>
/// <param name="OutputParameters">The output parameters a SendPipelineExecutionStepSuccess set.</param>
public sealed record SageMakerStepSnapshot(
    string Name,
    string DisplayName,
    SageMakerStepKind Kind,
    SageMakerStepStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    string? FailureReason,
    string? CallbackToken,
    string? SqsQueueUrl,
    string? LambdaArn,
    string? JobArn,
    IReadOnlyList<KeyValuePair<string, string>> OutputParameters)
{
    /// <summary>Leaves the callback token out, so an assertion message never prints it.</summary>
    public override string ToString() => $"{Name} ({Kind}) {Status}";
}
