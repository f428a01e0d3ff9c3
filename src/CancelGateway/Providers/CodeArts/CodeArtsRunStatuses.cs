using CancelGateway.V1;

namespace CancelGateway.Providers.CodeArts;

/// <summary>CodeArts' run statuses and their normalized <see cref="RunState"/>.</summary>
internal static class CodeArtsRunStatuses
{
    /// <summary>
    /// Normalizes a run's <c>status</c>. CodeArts has no "stopping" status (a stopped run stays
    /// RUNNING until it is CANCELED), so CANCELLING never comes from here: the operation's
    /// cancel_requested says a stop is under way. SUSPEND is PAUSED: a suspended run has not
    /// ended and can be resumed or stopped, so it must not count as terminal, and among the
    /// non-terminal states "paused" is what it is. IGNORED (a run skipped, e.g. superseded) has
    /// ended without succeeding, failing or being cancelled: OTHER_TERMINAL. Statuses this gateway
    /// does not know are UNSPECIFIED (not terminal: polling goes on). Matched without regard to
    /// case, as the legacy v3 API used lower case.
    /// </summary>
    public static RunState ToRunState(string? status) => status?.ToUpperInvariant() switch
    {
        "RUNNING" => RunState.Running,
        "COMPLETED" => RunState.Succeeded,
        "FAILED" => RunState.Failed,
        "CANCELED" or "CANCELLED" => RunState.Cancelled,
        "PAUSED" => RunState.Paused,
        "SUSPEND" => RunState.Paused,
        "IGNORED" => RunState.OtherTerminal,
        _ => RunState.Unspecified,
    };
}
