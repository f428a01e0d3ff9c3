using System.Globalization;

namespace CancelGateway.Emulators.SageMaker.Executions;

/// <summary>
/// One seeded pipeline execution. Like the Vertex runs, its status is never stored: it is
/// computed from the seed, the time of the stop request, the callback answers and the clock, so a
/// test that moves a fake clock sees exactly the statuses it expects. The rules (from the
/// StopPipelineExecution documentation): a stop turns the execution Stopping; plain steps stop
/// after <see cref="StopDelay"/>; a callback step holds the stop until its token is answered; a
/// Lambda step holds it until the function finishes (the execution then ends Stopped) or hits
/// its timeout (it then ends Failed). Guarded by the <see cref="SageMakerExecutionStore"/>'s lock.
/// </summary>
internal sealed class SageMakerExecution(ExecutionArn arn, DateTimeOffset creationTime)
{
    public const string DefaultSeededFailureReason = "Step train failed: ClientError: AlgorithmError: the training job exited with code 1.";

    public ExecutionArn Arn { get; } = arn;

    public DateTimeOffset CreationTime { get; set; } = creationTime;

    public string DisplayName { get; set; } = "execution-" + arn.ExecutionId;

    /// <summary>Executing, or a terminal status it had when seeded.</summary>
    public SageMakerExecutionStatus InitialStatus { get; set; } = SageMakerExecutionStatus.Executing;

    public string? SeededFailureReason { get; set; }

    /// <summary>How long plain steps take to stop (and the stop at least takes).</summary>
    public TimeSpan StopDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The caller is not allowed to touch it: every action answers AccessDeniedException.</summary>
    public bool Forbidden { get; set; }

    public List<SageMakerStep> Steps { get; } = [];

    public DateTimeOffset? StopRequestedAt { get; private set; }

    /// <summary>Starts the stop; a second stop keeps the first one's time.</summary>
    public void RequestStop(DateTimeOffset now) => StopRequestedAt ??= now;

    public SageMakerExecutionSnapshot Snapshot(DateTimeOffset now)
    {
        if (InitialStatus.IsTerminal())
        {
            return Seeded();
        }

        var plans = Steps.Select(Plan).ToList();
        var (status, reason, modified, end) = Outcome(plans, now);
        var steps = Steps.Select((step, i) => StepAt(step, plans[i], now, end)).ToList();
        return new SageMakerExecutionSnapshot(Arn.ToString(), Arn.PipelineArn, DisplayName, status, reason, CreationTime, modified, steps);
    }

    private (SageMakerExecutionStatus Status, string? Reason, DateTimeOffset Modified, DateTimeOffset? End) Outcome(List<StepPlan> plans, DateTimeOffset now)
    {
        var stop = StopRequestedAt;

        // Before any stop, an execution ends by itself when a step fails, or when every step
        // succeeded (plain steps never end by themselves here, so only callback/Lambda-only ones do).
        var failure = Enumerable.Range(0, plans.Count)
            .Where(i => plans[i].Final == SageMakerStepStatus.Failed && plans[i].End is { } e && e <= now && (stop is null || e < stop))
            .OrderBy(i => plans[i].End)
            .Select(i => (int?)i)
            .FirstOrDefault();
        if (failure is { } failed)
        {
            return (SageMakerExecutionStatus.Failed, FailureReasonOf(failed, plans[failed]), plans[failed].End!.Value, plans[failed].End);
        }

        if (plans.Count > 0 && plans.All(p => p.Final == SageMakerStepStatus.Succeeded && p.End is { } e && e <= now && (stop is null || e < stop)))
        {
            var succeeded = plans.Max(p => p.End!.Value);
            return (SageMakerExecutionStatus.Succeeded, null, succeeded, succeeded);
        }

        if (stop is { } stoppedAt && stoppedAt <= now)
        {
            // The stop ends when the last step has ended: never while a callback is unanswered.
            if (plans.Any(p => p.End is null))
            {
                return (SageMakerExecutionStatus.Stopping, null, stoppedAt, null);
            }

            var endsAt = plans.Select(p => p.End!.Value).Append(stoppedAt + StopDelay).Max();
            if (now < endsAt)
            {
                return (SageMakerExecutionStatus.Stopping, null, stoppedAt, null);
            }

            var timedOut = Enumerable.Range(0, plans.Count)
                .Where(i => Steps[i].Kind == SageMakerStepKind.Lambda && plans[i].Final == SageMakerStepStatus.Failed)
                .Select(i => (int?)i)
                .FirstOrDefault();
            return timedOut is { } lambda
                ? (SageMakerExecutionStatus.Failed, FailureReasonOf(lambda, plans[lambda]), endsAt, endsAt)
                : (SageMakerExecutionStatus.Stopped, null, endsAt, endsAt);
        }

        var modified = plans.Where(p => p.End is { } e && e <= now).Select(p => p.End!.Value).Append(CreationTime).Max();
        return (SageMakerExecutionStatus.Executing, null, modified, null);
    }

    /// <summary>When and how each step would end on its own terms, ignoring the execution's end.</summary>
    private StepPlan Plan(SageMakerStep step)
    {
        var stop = StopRequestedAt;
        switch (step.Kind)
        {
            case SageMakerStepKind.Plain:
                return new StepPlan(stop + StopDelay, SageMakerStepStatus.Stopped, null);
            case SageMakerStepKind.Callback:
                return step.AnsweredAt is { } answered
                    ? new StepPlan(answered, step.AnsweredSuccess ? SageMakerStepStatus.Succeeded : SageMakerStepStatus.Failed, step.AnswerFailureReason)
                    : new StepPlan(null, SageMakerStepStatus.Executing, null);
            default:
                var start = step.LambdaTimedFromStop ? stop : CreationTime;
                if (start is null)
                {
                    return new StepPlan(null, SageMakerStepStatus.Executing, null);
                }

                return step.LambdaTimesOut
                    ? new StepPlan(start + step.LambdaTimeout, SageMakerStepStatus.Failed, $"Lambda function {step.LambdaArn} timed out after {step.LambdaTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} seconds.")
                    : new StepPlan(start + step.LambdaRunTime, SageMakerStepStatus.Succeeded, null);
        }
    }

    private SageMakerStepSnapshot StepAt(SageMakerStep step, StepPlan plan, DateTimeOffset now, DateTimeOffset? executionEnd)
    {
        var (status, end, reason) = plan.End is { } e && e <= now && (executionEnd is null || e <= executionEnd)
            ? (plan.Final, (DateTimeOffset?)e, plan.FailureReason)
            : executionEnd is { } x
                ? (SageMakerStepStatus.Stopped, (DateTimeOffset?)x, (string?)null)
                : (step.Kind == SageMakerStepKind.Plain || step.ShowsStoppingOnStop) && StopRequestedAt is { } stop && stop <= now
                    ? (SageMakerStepStatus.Stopping, null, null)
                    : (SageMakerStepStatus.Executing, null, null);
        return Snapshot(step, status, end, reason);
    }

    private SageMakerExecutionSnapshot Seeded()
    {
        var reason = InitialStatus == SageMakerExecutionStatus.Failed ? SeededFailureReason ?? DefaultSeededFailureReason : null;
        var steps = Steps.Select((step, i) =>
        {
            var status = InitialStatus switch
            {
                SageMakerExecutionStatus.Succeeded => SageMakerStepStatus.Succeeded,
                SageMakerExecutionStatus.Failed when i == 0 => SageMakerStepStatus.Failed,
                _ => SageMakerStepStatus.Stopped,
            };
            return Snapshot(step, status, CreationTime, status == SageMakerStepStatus.Failed ? reason : null);
        }).ToList();
        return new SageMakerExecutionSnapshot(Arn.ToString(), Arn.PipelineArn, DisplayName, InitialStatus, reason, CreationTime, CreationTime, steps);
    }

    private SageMakerStepSnapshot Snapshot(SageMakerStep step, SageMakerStepStatus status, DateTimeOffset? end, string? reason) =>
        new(step.Name, step.DisplayName, step.Kind, status, CreationTime, end, reason, step.CallbackToken, step.SqsQueueUrl, step.LambdaArn, step.JobArn, step.OutputParameters);

    private string FailureReasonOf(int index, StepPlan plan) => $"Step {Steps[index].Name} failed: {plan.FailureReason ?? "it reported a failure."}";

    /// <summary>When a step would end (null: not foreseeable, e.g. an unanswered callback) and how.</summary>
    private readonly record struct StepPlan(DateTimeOffset? End, SageMakerStepStatus Final, string? FailureReason);
}
