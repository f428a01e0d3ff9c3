using CancelGateway.Emulators.SageMaker.Executions;

namespace CancelGateway.Emulators.SageMaker;

/// <summary>
/// Seeds one pipeline execution, fluently:
/// <c>emulator.AddExecution(arn).WithStep("train").WithCallbackStep("approve").StopsAfter(TimeSpan.FromSeconds(1))</c>.
/// The execution exists (Executing, created now, no steps) as soon as
/// <see cref="SageMakerEmulator.AddExecution"/> returns; each call changes its seed. Seed an
/// execution before it is used: its status is computed from the seed.
/// </summary>
public sealed class SageMakerExecutionBuilder
{
    private readonly SageMakerExecutionStore _store;
    private readonly SageMakerExecution _execution;

    internal SageMakerExecutionBuilder(SageMakerExecutionStore store, SageMakerExecution execution)
    {
        _store = store;
        _execution = execution;
    }

    /// <summary>The execution's ARN.</summary>
    public string Arn => _execution.Arn.ToString();

    /// <summary>The status it is in until stopped (default Executing). A terminal status makes it end at creation.</summary>
    public SageMakerExecutionBuilder InStatus(SageMakerExecutionStatus status)
    {
        if (status == SageMakerExecutionStatus.Stopping || !Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "An execution is seeded Executing or terminal; Stopping comes from a stop.");
        }

        return Set(static (e, value) => e.InitialStatus = value, status);
    }

    /// <summary>The FailureReason of an execution seeded Failed.</summary>
    public SageMakerExecutionBuilder WithFailureReason(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Set(static (e, value) => e.SeededFailureReason = value, reason);
    }

    /// <summary>How long plain steps take to stop once asked, and the least a stop takes (default 300 ms).</summary>
    public SageMakerExecutionBuilder StopsAfter(TimeSpan delay) =>
        delay >= TimeSpan.Zero
            ? Set(static (e, value) => e.StopDelay = value, delay)
            : throw new ArgumentOutOfRangeException(nameof(delay), delay, "The delay must not be negative.");

    /// <summary>The caller lacks the IAM permissions: every action on it answers AccessDeniedException.</summary>
    public SageMakerExecutionBuilder Forbidden(bool forbidden = true) => Set(static (e, value) => e.Forbidden = value, forbidden);

    /// <summary>Sets when the execution was created (default: when it was seeded), for ListPipelineExecutions and its CreatedAfter/CreatedBefore.</summary>
    public SageMakerExecutionBuilder CreatedAt(DateTimeOffset creationTime) =>
        Set(static (e, value) => e.CreationTime = value, creationTime);

    /// <summary>Sets the display name (default <c>execution-{id}</c>).</summary>
    public SageMakerExecutionBuilder WithDisplayName(string displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        return Set(static (e, value) => e.DisplayName = value, displayName);
    }

    /// <summary>Adds a step SageMaker can stop (shown as a processing job): it stops <see cref="StopsAfter"/> the request.</summary>
    public SageMakerExecutionBuilder WithStep(string name) =>
        Add(new SageMakerStep(CheckName(name), SageMakerStepKind.Plain, Count)
        {
            JobArn = $"arn:{_execution.Arn.Partition}:sagemaker:{_execution.Arn.Region}:{_execution.Arn.Account}:processing-job/pipelines-{_execution.Arn.ExecutionId}-{name.ToLowerInvariant()}",
        });

    /// <summary>Adds a callback step, waiting for its token: it holds a stop until SendPipelineExecutionStepSuccess or Failure.</summary>
    /// <param name="name">StepName.</param>
    /// <param name="sqsQueueUrl">Where SageMaker sent the token; default a queue named after the pipeline.</param>
    /// <param name="callbackToken">The token (10 letters and digits); default a fresh random one.</param>
    /// <param name="showsStoppingOnStop">The step shows Stopping instead of Executing once the execution is asked to stop, still waiting for its token (SageMaker may show either).</param>
    public SageMakerExecutionBuilder WithCallbackStep(string name, string? sqsQueueUrl = null, string? callbackToken = null, bool showsStoppingOnStop = false)
    {
        if (callbackToken is not null && (callbackToken.Length != 10 || !callbackToken.All(char.IsAsciiLetterOrDigit)))
        {
            throw new ArgumentException("A callback token is 10 letters and digits.", nameof(callbackToken));
        }

        return Add(new SageMakerStep(CheckName(name), SageMakerStepKind.Callback, Count)
        {
            CallbackToken = callbackToken ?? _store.NewCallbackToken(),
            SqsQueueUrl = sqsQueueUrl ?? $"https://sqs.{_execution.Arn.Region}.amazonaws.com/{_execution.Arn.Account}/{_execution.Arn.Pipeline}-callbacks",
            ShowsStoppingOnStop = showsStoppingOnStop,
        });
    }

    /// <summary>Adds a Lambda step: it runs <paramref name="runTime"/>, or fails at <paramref name="timeout"/> if that comes first, and holds a stop until then.</summary>
    /// <param name="name">StepName.</param>
    /// <param name="runTime">How long the function runs, from the execution's creation.</param>
    /// <param name="timeout">The step's timeout; a function still running then fails the step (and a stopping execution ends Failed).</param>
    /// <param name="functionArn">The function's ARN; default one named after the step.</param>
    /// <param name="timedFromStop">Count <paramref name="runTime"/> and <paramref name="timeout"/> from the stop request instead (demo runs that hold a stop however late it comes).</param>
    public SageMakerExecutionBuilder WithLambdaStep(string name, TimeSpan runTime, TimeSpan timeout, string? functionArn = null, bool timedFromStop = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return Add(new SageMakerStep(CheckName(name), SageMakerStepKind.Lambda, Count)
        {
            LambdaArn = functionArn ?? $"arn:{_execution.Arn.Partition}:lambda:{_execution.Arn.Region}:{_execution.Arn.Account}:function:{name}",
            LambdaRunTime = runTime,
            LambdaTimeout = timeout,
            LambdaTimedFromStop = timedFromStop,
        });
    }

    /// <summary>The callback token of a callback step (a secret: for tests that answer it).</summary>
    public string CallbackToken(string stepName) =>
        _execution.Steps.Single(s => s.Name == stepName).CallbackToken ?? throw new ArgumentException($"Step {stepName} is not a callback step.", nameof(stepName));

    private int Count => _execution.Steps.Count;

    private static string CheckName(string name)
    {
        // StepName: at most 64 of [A-Za-z0-9-_].
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"\"{name}\" is not a step name: 1 to 64 letters, digits, '-' or '_'.", nameof(name));
        }

        return name;
    }

    private SageMakerExecutionBuilder Add(SageMakerStep step)
    {
        _store.AddStep(_execution, step);
        return this;
    }

    private SageMakerExecutionBuilder Set<TValue>(Action<SageMakerExecution, TValue> change, TValue value)
    {
        _store.Configure(_execution, change, value);
        return this;
    }
}
