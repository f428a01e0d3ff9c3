namespace CancelGateway.Emulators.SageMaker.Executions;

/// <summary>
/// One seeded step and what happened to it (a callback's answer). Its status is computed by its
/// <see cref="SageMakerExecution"/>; guarded by the <see cref="SageMakerExecutionStore"/>'s lock.
/// </summary>
internal sealed class SageMakerStep(string name, SageMakerStepKind kind, int order)
{
    public string Name { get; } = name;

    public SageMakerStepKind Kind { get; } = kind;

    /// <summary>Position in the seed: the listing's tie-breaker, since every step starts with its execution.</summary>
    public int Order { get; } = order;

    public string DisplayName { get; set; } = name;

    public string? CallbackToken { get; init; }

    public string? SqsQueueUrl { get; init; }

    public string? LambdaArn { get; init; }

    public string? JobArn { get; init; }

    /// <summary>How long the Lambda function runs.</summary>
    public TimeSpan LambdaRunTime { get; init; }

    /// <summary>The Lambda step's timeout: a function still running then fails the step.</summary>
    public TimeSpan LambdaTimeout { get; init; }

    /// <summary>
    /// Demo timing: the function's run is counted from the stop request rather than from the
    /// execution's creation, so a demo run holds its stop however late it is stopped.
    /// </summary>
    public bool LambdaTimedFromStop { get; init; }

    /// <summary>
    /// A callback step that shows Stopping, not Executing, once its execution is asked to stop
    /// (SageMaker has sent its queue the "Stopping" message); it still waits for its token.
    /// </summary>
    public bool ShowsStoppingOnStop { get; init; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public bool AnsweredSuccess { get; private set; }

    public string? AnswerFailureReason { get; private set; }

    public IReadOnlyList<KeyValuePair<string, string>> OutputParameters { get; private set; } = [];

    public bool LambdaTimesOut => LambdaRunTime > LambdaTimeout;

    public void Answer(DateTimeOffset at, bool success, string? failureReason, IReadOnlyList<KeyValuePair<string, string>> outputs)
    {
        AnsweredAt = at;
        AnsweredSuccess = success;
        AnswerFailureReason = failureReason;
        OutputParameters = outputs;
    }
}
