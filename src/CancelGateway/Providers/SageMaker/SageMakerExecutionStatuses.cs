using CancelGateway.V1;

namespace CancelGateway.Providers.SageMaker;

/// <summary>SageMaker's PipelineExecutionStatus and StepStatus words, and the normalized <see cref="RunState"/>.</summary>
internal static class SageMakerExecutionStatuses
{
    public const string Executing = "Executing";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";
    public const string Failed = "Failed";
    public const string Succeeded = "Succeeded";

    /// <summary>
    /// Whether a step is still running by StepStatus: Executing, or Stopping while its execution
    /// stops (a callback step then still waits for its token: SageMaker has sent its queue a
    /// "Stopping" message and holds the stop until SendPipelineExecutionStep* answers it).
    /// </summary>
    public static bool StepStillRunning(string? stepStatus) => stepStatus is Executing or Stopping;

    /// <summary>Normalizes a PipelineExecutionStatus; words this gateway does not know are UNSPECIFIED.</summary>
    public static RunState ToRunState(string? status) => status switch
    {
        Executing => RunState.Running,
        Stopping => RunState.Cancelling,
        Stopped => RunState.Cancelled,
        Failed => RunState.Failed,
        Succeeded => RunState.Succeeded,
        _ => RunState.Unspecified,
    };
}
