namespace CancelGateway.Emulators.Vertex;

/// <summary>Wire names and classification of <see cref="PipelineState"/>.</summary>
internal static class PipelineStates
{
    public static bool IsTerminal(this PipelineState state) =>
        state is PipelineState.Succeeded or PipelineState.Failed or PipelineState.Cancelled;

    public static string ToWireName(this PipelineState state) => state switch
    {
        PipelineState.Queued => "PIPELINE_STATE_QUEUED",
        PipelineState.Pending => "PIPELINE_STATE_PENDING",
        PipelineState.Running => "PIPELINE_STATE_RUNNING",
        PipelineState.Succeeded => "PIPELINE_STATE_SUCCEEDED",
        PipelineState.Failed => "PIPELINE_STATE_FAILED",
        PipelineState.Cancelling => "PIPELINE_STATE_CANCELLING",
        PipelineState.Cancelled => "PIPELINE_STATE_CANCELLED",
        PipelineState.Paused => "PIPELINE_STATE_PAUSED",
        _ => "PIPELINE_STATE_UNSPECIFIED",
    };
}
