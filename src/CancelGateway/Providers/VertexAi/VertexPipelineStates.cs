using CancelGateway.V1;

namespace CancelGateway.Providers.VertexAi;

/// <summary>Vertex AI's PipelineState names and their normalized <see cref="RunState"/>.</summary>
internal static class VertexPipelineStates
{
    public const string Unspecified = "PIPELINE_STATE_UNSPECIFIED";
    public const string Cancelling = "PIPELINE_STATE_CANCELLING";

    /// <summary>Normalizes a PipelineState name; names this gateway does not know are UNSPECIFIED.</summary>
    public static RunState ToRunState(string? state) => state switch
    {
        "PIPELINE_STATE_QUEUED" => RunState.Queued,
        "PIPELINE_STATE_PENDING" => RunState.Pending,
        "PIPELINE_STATE_RUNNING" => RunState.Running,
        Cancelling => RunState.Cancelling,
        "PIPELINE_STATE_CANCELLED" => RunState.Cancelled,
        "PIPELINE_STATE_SUCCEEDED" => RunState.Succeeded,
        "PIPELINE_STATE_FAILED" => RunState.Failed,
        "PIPELINE_STATE_PAUSED" => RunState.Paused,
        _ => RunState.Unspecified,
    };
}
