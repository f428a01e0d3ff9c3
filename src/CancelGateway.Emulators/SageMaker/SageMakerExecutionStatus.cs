namespace CancelGateway.Emulators.SageMaker;

/// <summary>A pipeline execution's PipelineExecutionStatus; the member names are the wire names.</summary>
public enum SageMakerExecutionStatus
{
    /// <summary>Running.</summary>
    Executing,

    /// <summary>A stop was asked for; steps that hold it (callback, Lambda) have not ended yet.</summary>
    Stopping,

    /// <summary>Stopped. Terminal.</summary>
    Stopped,

    /// <summary>Failed (also: a stop waited for a Lambda step that hit its timeout). Terminal.</summary>
    Failed,

    /// <summary>Succeeded. Terminal.</summary>
    Succeeded,
}
