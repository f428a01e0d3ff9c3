namespace CancelGateway.Emulators.CodeArts;

/// <summary>A CodeArts pipeline run as the emulator would report it at one instant.</summary>
/// <param name="ProjectId">The CodeArts project ID (32 alphanumerics).</param>
/// <param name="PipelineId">The pipeline ID (32 alphanumerics).</param>
/// <param name="RunId">The pipeline run ID (32 alphanumerics).</param>
/// <param name="Name">The pipeline's name.</param>
/// <param name="Status">Status at that instant.</param>
/// <param name="RunNumber">The run's sequence number within its pipeline.</param>
/// <param name="StartTime">When the run started.</param>
/// <param name="EndTime">When it ended; null while it has not.</param>
/// <param name="StopRequestedAt">When the first accepted stop request arrived; null if none did.</param>
public sealed record CodeArtsRunSnapshot(
    string ProjectId,
    string PipelineId,
    string RunId,
    string Name,
    CodeArtsRunStatus Status,
    int RunNumber,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    DateTimeOffset? StopRequestedAt)
{
    /// <summary>Whether <see cref="Status"/> is an end.</summary>
    public bool IsTerminal => Status.IsTerminal();
}
