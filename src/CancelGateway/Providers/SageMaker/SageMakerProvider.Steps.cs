using System.Text.Json;
using CancelGateway.Providers.SageMaker.Internal;
using CancelGateway.V1;

namespace CancelGateway.Providers.SageMaker;

/// <summary>The steps that hold a stop back, and FORCE: failing waiting callback steps with their tokens.</summary>
internal sealed partial class SageMakerProvider
{
    /// <summary>Why a Lambda step is never forced.</summary>
    public const string LambdaNotForcedReason = "a Lambda step cannot be forced; the stop waits for it to finish or time out";

    /// <summary>The largest page ListPipelineExecutionSteps gives (MaxResults).</summary>
    private const int StepsPageSize = 100;

    /// <summary>A bound on pages, should a server keep returning a NextToken.</summary>
    private const int MaxStepPages = 100;

    /// <summary>
    /// FORCE: fails each callback step that waits for its token with SendPipelineExecutionStepFailure,
    /// naming the gateway operation in the FailureReason and with a ClientRequestToken per operation
    /// and step (a repeated FORCE answers each step once). Lambda steps cannot be forced.
    /// </summary>
    public async Task<IReadOnlyList<StopBlocker>> ForceAsync(RunName run, CancelContext context, CancellationToken cancellationToken)
    {
        EnsureSageMaker(run);
        ArgumentNullException.ThrowIfNull(context);
        var what = $"forcing the stop of {run.Text}";
        var steps = await ListStepsAsync(run, what, cancellationToken);
        var blockers = new List<StopBlocker>();
        foreach (var step in steps.OrderBy(s => s.StepName, StringComparer.Ordinal))
        {
            if (step.Metadata?.Callback is { } callback && SageMakerExecutionStatuses.StepStillRunning(step.StepStatus))
            {
                blockers.Add(await ForceCallbackAsync(run, context, step.StepName ?? string.Empty, callback, cancellationToken));
            }
            else if (ToBlocker(step, includeForced: true) is { } blocker)
            {
                blockers.Add(blocker);
            }
        }

        return blockers;
    }

    private IReadOnlyList<StopBlocker> Blockers(IReadOnlyList<PipelineExecutionStepJson> steps, bool includeForced) =>
        [.. steps.Select(step => ToBlocker(step, includeForced)).OfType<StopBlocker>().OrderBy(b => b.StepName, StringComparer.Ordinal)];

    /// <summary>
    /// What one step means for a stop: a callback step waiting for its token, or a running Lambda
    /// step, holds it, whether it shows Executing or Stopping. While the execution is stopping, a callback step the gateway failed (FORCE)
    /// is shown too, marked forced, so watchers see why the stop went through.
    /// </summary>
    private StopBlocker? ToBlocker(PipelineExecutionStepJson step, bool includeForced)
    {
        // Step names, queue URLs and ARNs are provider text that reaches operations: cleaned like the rest.
        var name = _http.Secrets.Clean(step.StepName);
        if (step.Metadata?.Callback is { } callback)
        {
            if (SageMakerExecutionStatuses.StepStillRunning(step.StepStatus))
            {
                return new StopBlocker { Kind = StopBlocker.Types.Kind.CallbackStep, StepName = name, Detail = _http.Secrets.Clean(callback.SqsQueueUrl) };
            }

            if (includeForced && step.StepStatus == SageMakerExecutionStatuses.Failed && step.FailureReason?.StartsWith(ClientTokens.ForcedReasonPrefix, StringComparison.Ordinal) == true)
            {
                return new StopBlocker { Kind = StopBlocker.Types.Kind.CallbackStep, StepName = name, Detail = _http.Secrets.Clean(callback.SqsQueueUrl), Forced = true };
            }
        }

        if (step.Metadata?.Lambda is { } lambda && SageMakerExecutionStatuses.StepStillRunning(step.StepStatus))
        {
            return new StopBlocker { Kind = StopBlocker.Types.Kind.LambdaStep, StepName = name, Detail = _http.Secrets.Clean(lambda.Arn), NotForcedReason = LambdaNotForcedReason };
        }

        return null;
    }

    private async Task<StopBlocker> ForceCallbackAsync(RunName run, CancelContext context, string stepName, CallbackMetadataJson callback, CancellationToken cancellationToken)
    {
        var blocker = new StopBlocker { Kind = StopBlocker.Types.Kind.CallbackStep, StepName = _http.Secrets.Clean(stepName), Detail = _http.Secrets.Clean(callback.SqsQueueUrl) };
        if (callback.CallbackToken is not { Length: > 0 } token)
        {
            blocker.NotForcedReason = "SageMaker did not show the step's callback token";
            SageMakerLog.StepNotForced(_logger, stepName, run.Text, blocker.NotForcedReason);
            return blocker;
        }

        var what = $"failing callback step {stepName} of {run.Text} (FORCE)";
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new SendStepFailureRequestJson
            {
                CallbackToken = token,
                FailureReason = ClientTokens.ForceFailureReason(context),
                ClientRequestToken = ClientTokens.ForForce(context.OperationId, stepName),
            },
            SageMakerJsonContext.Default.SendStepFailureRequestJson);
        var (_, refusal) = await SendAsync("SendPipelineExecutionStepFailure", body, run, what, cancellationToken);
        if (refusal is not { } error)
        {
            SageMakerLog.StepForced(_logger, stepName, run.Text);
            blocker.Forced = true;
            return blocker;
        }

        // The step stopped waiting between the listing and the answer (someone answered it, or
        // the execution ended): there is nothing left to force, and no reason to fail the stop.
        if (error.Code is SageMakerErrorMapper.ConflictCode or SageMakerErrorMapper.ResourceNotFoundCode)
        {
            blocker.NotForcedReason = $"the step was no longer waiting for its callback ({error.Code})";
            SageMakerLog.StepNotForced(_logger, stepName, run.Text, blocker.NotForcedReason);
            return blocker;
        }

        throw _http.Fail(SageMakerErrorMapper.ToException(error, what), what);
    }

    /// <summary>Every step of the execution, all pages.</summary>
    private async Task<IReadOnlyList<PipelineExecutionStepJson>> ListStepsAsync(RunName run, string what, CancellationToken cancellationToken)
    {
        var steps = new List<PipelineExecutionStepJson>();
        string? next = null;
        for (var page = 0; page < MaxStepPages; page++)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new ListStepsRequestJson { PipelineExecutionArn = run.Text, NextToken = next, MaxResults = StepsPageSize, SortOrder = "Ascending" },
                SageMakerJsonContext.Default.ListStepsRequestJson);
            var (response, refusal) = await SendAsync("ListPipelineExecutionSteps", body, run, what, cancellationToken);
            if (refusal is { } error)
            {
                throw _http.Fail(SageMakerErrorMapper.ToException(error, what), what);
            }

            var listed = _http.Read(response, SageMakerJsonContext.Default.ListStepsResponseJson, what);
            steps.AddRange(listed.PipelineExecutionSteps ?? []);
            next = listed.NextToken;
            if (string.IsNullOrEmpty(next))
            {
                return steps;
            }
        }

        return steps;
    }
}
