namespace CancelGateway.Emulators.Vertex;

/// <summary>
/// Vertex AI <c>PipelineState</c> (google.cloud.aiplatform.v1), same numbers as the proto; on the
/// wire each is spelled <c>PIPELINE_STATE_</c> + the upper-case name.
/// </summary>
public enum PipelineState
{
    /// <summary>Not specified (never produced by the emulator).</summary>
    Unspecified = 0,

    /// <summary>Created, waiting for resources.</summary>
    Queued = 1,

    /// <summary>Resources are being set up.</summary>
    Pending = 2,

    /// <summary>Running.</summary>
    Running = 3,

    /// <summary>Ended successfully (terminal).</summary>
    Succeeded = 4,

    /// <summary>Ended with an error (terminal).</summary>
    Failed = 5,

    /// <summary>A cancel was accepted; it may still end SUCCEEDED or FAILED if it loses the race.</summary>
    Cancelling = 6,

    /// <summary>Cancelled (terminal); the job carries <c>error.code = 1</c>.</summary>
    Cancelled = 7,

    /// <summary>Stopped and resumable.</summary>
    Paused = 8,
}
