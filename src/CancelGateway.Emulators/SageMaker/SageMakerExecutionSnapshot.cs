namespace CancelGateway.Emulators.SageMaker;

/// <summary>A pipeline execution as DescribePipelineExecution and ListPipelineExecutionSteps would return it at one instant.</summary>
/// <param name="Arn">PipelineExecutionArn.</param>
/// <param name="PipelineArn">The pipeline's ARN.</param>
/// <param name="DisplayName">PipelineExecutionDisplayName.</param>
/// <param name="Status">PipelineExecutionStatus at that instant.</param>
/// <param name="FailureReason">Why it failed; null unless Failed.</param>
/// <param name="CreationTime">When it was created (seeded).</param>
/// <param name="LastModifiedTime">Time of the last change of status.</param>
/// <param name="Steps">Its steps, in the order they were seeded.</param>
public sealed record SageMakerExecutionSnapshot(
    string Arn,
    string PipelineArn,
    string DisplayName,
    SageMakerExecutionStatus Status,
    string? FailureReason,
    DateTimeOffset CreationTime,
    DateTimeOffset LastModifiedTime,
    IReadOnlyList<SageMakerStepSnapshot> Steps)
{
    /// <summary>Whether <see cref="Status"/> is Stopped, Failed or Succeeded.</summary>
    public bool IsTerminal => Status.IsTerminal();

    /// <summary>A step by name; throws when there is none.</summary>
    public SageMakerStepSnapshot Step(string name) => Steps.Single(s => s.Name == name);
}
