namespace CancelGateway.Emulators.SageMaker;

/// <summary>A pipeline step's StepStatus; the member names are the wire names.</summary>
public enum SageMakerStepStatus
{
    /// <summary>Being scheduled.</summary>
    Starting,

    /// <summary>Running (a callback step: waiting for its token to be answered).</summary>
    Executing,

    /// <summary>Being stopped.</summary>
    Stopping,

    /// <summary>Stopped. Terminal.</summary>
    Stopped,

    /// <summary>Failed. Terminal.</summary>
    Failed,

    /// <summary>Succeeded. Terminal.</summary>
    Succeeded,
}
