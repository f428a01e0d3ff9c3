namespace CancelGateway.Emulators.CodeArts;

/// <summary>
/// The <c>status</c> of a CodeArts pipeline run, as <c>ShowPipelineRunDetail</c> reports it. CodeArts
/// has no "stopping" status: a run that was asked to stop stays RUNNING until it is CANCELED.
/// </summary>
public enum CodeArtsRunStatus
{
    /// <summary>RUNNING.</summary>
    Running,

    /// <summary>COMPLETED: ended successfully.</summary>
    Completed,

    /// <summary>FAILED.</summary>
    Failed,

    /// <summary>CANCELED: stopped by a user or the API.</summary>
    Canceled,

    /// <summary>PAUSED: held by a pause or manual-review stage; it may resume.</summary>
    Paused,

    /// <summary>SUSPEND: suspended, waiting to be resumed; not ended.</summary>
    Suspend,

    /// <summary>IGNORED: skipped (e.g. superseded by a newer run); ended without running to completion.</summary>
    Ignored,
}
