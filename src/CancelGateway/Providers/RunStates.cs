using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>Facts about <see cref="RunState"/>.</summary>
internal static class RunStates
{
    public static bool IsTerminal(RunState state) =>
        state is RunState.Cancelled or RunState.Succeeded or RunState.Failed or RunState.OtherTerminal;

    /// <summary>
    /// What a refused cancel means once the run's state is known: an ended run had nothing to
    /// cancel (the contract answers with a done operation saying how it ended); one already
    /// stopping is as good as accepted; anything else (null) leaves the refusal an error.
    /// </summary>
    public static CancelSubmission? AfterRefusedCancel(RunState state) => state switch
    {
        _ when IsTerminal(state) => CancelSubmission.AlreadyEnded,
        RunState.Cancelling => CancelSubmission.Accepted,
        _ => null,
    };
}
