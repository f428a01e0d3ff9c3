namespace CancelGateway.Emulators.Vertex;

/// <summary>A Vertex AI PipelineJob as the emulator would return it at one instant.</summary>
/// <param name="Name">Full name, <c>projects/{project}/locations/{location}/pipelineJobs/{job}</c>.</param>
/// <param name="DisplayName">The job's display name.</param>
/// <param name="State">State at that instant.</param>
/// <param name="CreateTime">When the job was created (seeded).</param>
/// <param name="StartTime">When it started running; null while QUEUED or PENDING.</param>
/// <param name="UpdateTime">Time of the last state change.</param>
/// <param name="EndTime">When it reached a terminal state; null before.</param>
/// <param name="ErrorCode">google.rpc.Code of <c>error</c> (1 when CANCELLED); null unless FAILED or CANCELLED.</param>
/// <param name="ErrorMessage">Message of <c>error</c>; null unless FAILED or CANCELLED.</param>
/// <param name="Labels">The job's labels.</param>
/// <param name="PipelineName">The pipeline's name, <c>pipelineSpec.pipelineInfo.name</c>.</param>
public sealed record VertexRunSnapshot(
    string Name,
    string DisplayName,
    PipelineState State,
    DateTimeOffset CreateTime,
    DateTimeOffset? StartTime,
    DateTimeOffset UpdateTime,
    DateTimeOffset? EndTime,
    int? ErrorCode,
    string? ErrorMessage,
    IReadOnlyDictionary<string, string> Labels,
    string PipelineName)
{
    /// <summary>Whether <see cref="State"/> is SUCCEEDED, FAILED or CANCELLED.</summary>
    public bool IsTerminal => State.IsTerminal();
}
