namespace CancelGateway.Emulators.CodeArts;

/// <summary>Wire names of <see cref="CodeArtsRunStatus"/> and which of them are ends.</summary>
public static class CodeArtsRunStatuses
{
    /// <summary>The upper-case word the API puts in <c>status</c>.</summary>
    public static string ToWireName(this CodeArtsRunStatus status) => status switch
    {
        CodeArtsRunStatus.Running => "RUNNING",
        CodeArtsRunStatus.Completed => "COMPLETED",
        CodeArtsRunStatus.Failed => "FAILED",
        CodeArtsRunStatus.Canceled => "CANCELED",
        CodeArtsRunStatus.Paused => "PAUSED",
        CodeArtsRunStatus.Suspend => "SUSPEND",
        CodeArtsRunStatus.Ignored => "IGNORED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown status."),
    };

    /// <summary>Whether a run in <paramref name="status"/> has ended (it can no longer be stopped).</summary>
    public static bool IsTerminal(this CodeArtsRunStatus status) =>
        status is CodeArtsRunStatus.Completed or CodeArtsRunStatus.Failed or CodeArtsRunStatus.Canceled or CodeArtsRunStatus.Ignored;
}
