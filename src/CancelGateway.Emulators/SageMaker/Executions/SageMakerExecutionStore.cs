using System.Security.Cryptography;
using CancelGateway.Emulators.SageMaker.Http;

namespace CancelGateway.Emulators.SageMaker.Executions;

/// <summary>
/// The emulated service's data: executions, their callback tokens, and the idempotency records
/// of StopPipelineExecution and SendPipelineExecutionStep*, behind one lock.
/// </summary>
internal sealed class SageMakerExecutionStore(TimeProvider time, SageMakerCounters counters)
{
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SageMakerExecution> _executions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (SageMakerExecution Execution, SageMakerStep Step)> _callbacks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _stopTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string CallbackToken, bool Success, string Arn)> _answerTokens = new(StringComparer.Ordinal);

    public TimeProvider Time { get; } = time;

    public SageMakerExecution Add(ExecutionArn arn)
    {
        var execution = new SageMakerExecution(arn, Time.GetUtcNow());
        lock (_gate)
        {
            if (!_executions.TryAdd(arn.ToString(), execution))
            {
                throw new ArgumentException($"An execution with ARN \"{arn}\" already exists.", nameof(arn));
            }
        }

        return execution;
    }

    public void Configure<TValue>(SageMakerExecution execution, Action<SageMakerExecution, TValue> change, TValue value)
    {
        lock (_gate)
        {
            change(execution, value);
        }
    }

    /// <summary>Adds a step; a callback step's token must be unique across the service (it alone names the step).</summary>
    public void AddStep(SageMakerExecution execution, SageMakerStep step)
    {
        lock (_gate)
        {
            if (execution.Steps.Any(s => s.Name == step.Name))
            {
                throw new ArgumentException($"The execution already has a step named \"{step.Name}\".", nameof(step));
            }

            if (step.CallbackToken is { } token && !_callbacks.TryAdd(token, (execution, step)))
            {
                throw new ArgumentException("Another callback step already has this callback token.", nameof(step));
            }

            execution.Steps.Add(step);
        }
    }

    /// <summary>A fresh callback token: 10 letters and digits, as CallbackStepMetadata documents.</summary>
    public string NewCallbackToken()
    {
        lock (_gate)
        {
            while (true)
            {
                var token = RandomNumberGenerator.GetString(TokenAlphabet, 10);
                if (!_callbacks.ContainsKey(token))
                {
                    return token;
                }
            }
        }
    }

    public SageMakerExecutionSnapshot? Find(string arn)
    {
        lock (_gate)
        {
            return _executions.TryGetValue(arn, out var execution) ? execution.Snapshot(Time.GetUtcNow()) : null;
        }
    }

    /// <summary>
    /// The executions of one pipeline in <paramref name="region"/>, as they are now. The pipeline
    /// is named by its ARN or its name; a pipeline the emulator has no execution of does not exist.
    /// </summary>
    public IReadOnlyList<SageMakerExecutionSnapshot> List(string pipelineNameOrArn, string region)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            var executions = _executions.Values
                .Where(e => e.Arn.Region == region && (e.Arn.PipelineArn == pipelineNameOrArn || e.Arn.Pipeline == pipelineNameOrArn))
                .Select(e => e.Snapshot(now))
                .ToList();
            return executions.Count > 0 ? executions : throw SageMakerErrors.PipelineNotFound(pipelineNameOrArn);
        }
    }

    public SageMakerExecutionSnapshot Describe(ExecutionArn arn, string action)
    {
        lock (_gate)
        {
            return Authorized(arn, action).Snapshot(Time.GetUtcNow());
        }
    }

    /// <summary>
    /// StopPipelineExecution. Idempotent per ClientRequestToken: the same token for the same
    /// execution again returns the same answer and does nothing, whatever happened since.
    /// </summary>
    /// <returns>The execution after the call, and whether this was a replay of an earlier token.</returns>
    public (SageMakerExecutionSnapshot Execution, bool Replayed) Stop(ExecutionArn arn, string clientRequestToken)
    {
        lock (_gate)
        {
            var key = arn.ToString();
            if (_stopTokens.TryGetValue(clientRequestToken, out var earlier))
            {
                return earlier == key
                    ? (Authorized(arn, "StopPipelineExecution").Snapshot(Time.GetUtcNow()), true)
                    : throw SageMakerErrors.Validation("The ClientRequestToken was already used to stop another pipeline execution.");
            }

            var execution = Authorized(arn, "StopPipelineExecution");
            var now = Time.GetUtcNow();
            var before = execution.Snapshot(now);
            if (before.IsTerminal)
            {
                throw SageMakerErrors.NotStoppable(key, before.Status);
            }

            execution.RequestStop(now);
            _stopTokens.Add(clientRequestToken, key);
            counters.CountAcceptedStop(key, clientRequestToken);
            return (execution.Snapshot(now), false);
        }
    }

    /// <summary>SendPipelineExecutionStepSuccess / Failure: answers a waiting callback step.</summary>
    /// <returns>The execution's ARN, the step's name, and whether this was a replay of an earlier ClientRequestToken.</returns>
    public (string Arn, string StepName, bool Replayed) Answer(string callbackToken, string? clientRequestToken, bool success, string? failureReason, IReadOnlyList<KeyValuePair<string, string>> outputs)
    {
        lock (_gate)
        {
            if (clientRequestToken is not null && _answerTokens.TryGetValue(clientRequestToken, out var earlier))
            {
                return earlier.CallbackToken == callbackToken && earlier.Success == success
                    ? (earlier.Arn, _callbacks[callbackToken].Step.Name, true)
                    : throw SageMakerErrors.Validation("The ClientRequestToken was already used for another callback answer.");
            }

            if (!_callbacks.TryGetValue(callbackToken, out var target))
            {
                throw SageMakerErrors.CallbackNotFound();
            }

            var (execution, step) = target;
            var action = success ? "SendPipelineExecutionStepSuccess" : "SendPipelineExecutionStepFailure";
            var arn = execution.Arn.ToString();
            if (execution.Forbidden)
            {
                throw SageMakerErrors.AccessDenied(CallerArn(execution.Arn), action, arn);
            }

            var now = Time.GetUtcNow();
            var status = execution.Snapshot(now).Step(step.Name).Status;
            // A callback step showing Stopping still waits: the answer is what lets the stop through.
            if (status is not (SageMakerStepStatus.Executing or SageMakerStepStatus.Stopping))
            {
                throw SageMakerErrors.StepNotWaiting(step.Name, status);
            }

            step.Answer(now, success, failureReason, outputs);
            if (clientRequestToken is not null)
            {
                _answerTokens.Add(clientRequestToken, (callbackToken, success, arn));
            }

            return (arn, step.Name, false);
        }
    }

    private static string CallerArn(ExecutionArn arn) => $"arn:{arn.Partition}:iam::{arn.Account}:user/cancelgateway";

    private SageMakerExecution Authorized(ExecutionArn arn, string action)
    {
        var key = arn.ToString();
        if (!_executions.TryGetValue(key, out var execution))
        {
            throw SageMakerErrors.ExecutionNotFound(key);
        }

        return execution.Forbidden ? throw SageMakerErrors.AccessDenied(CallerArn(arn), action, key) : execution;
    }
}
