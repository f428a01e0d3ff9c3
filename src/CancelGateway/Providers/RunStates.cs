using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>Facts about <see cref="RunState"/>.</summary>
internal static class RunStates
{
    public static bool IsTerminal(RunState state) =>
        state is RunState.Cancelled or RunState.Succeeded or RunState.Failed or RunState.OtherTerminal;
}
