using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>A run's state as its provider reports it, normalized, with the raw word kept.</summary>
/// <param name="State">The normalized state.</param>
/// <param name="ProviderState">The provider's own state string.</param>
/// <param name="EndTime">When the run ended, if the provider says.</param>
/// <param name="Message">The provider's message about the run (a failure reason), if any.</param>
/// <param name="Blockers">What holds a stop back, if anything.</param>
internal sealed record ProviderRunStatus(RunState State, string ProviderState, DateTimeOffset? EndTime = null, string? Message = null, IReadOnlyList<StopBlocker>? Blockers = null)
{
    /// <summary>True for the states a run never leaves.</summary>
    public bool IsTerminal => RunStates.IsTerminal(State);
}
