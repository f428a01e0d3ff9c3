using CancelGateway.V1;
using Google.LongRunning;

namespace CancelGateway.Cli;

/// <summary>One run's line in a progress or result table.</summary>
/// <param name="Run">The run's name.</param>
/// <param name="Operation">Its cancellation's operation, once accepted.</param>
/// <param name="State">The normalized state as last seen (the final state once done).</param>
/// <param name="ProviderState">The provider's own word for it.</param>
/// <param name="Done">Whether the cancellation is done.</param>
/// <param name="Error">Why the request was refused or the operation failed.</param>
/// <param name="ExitCode">What this run contributes to the exit status.</param>
internal sealed record RunRow(string Run, string Operation, RunState State, string ProviderState, bool Done, RpcError? Error, int ExitCode)
{
    public static RunRow Pending(string run) => new(run, string.Empty, RunState.Unspecified, string.Empty, false, null, ExitCodes.Success);

    public static RunRow Failed(string run, RpcError error) => new(run, string.Empty, RunState.Unspecified, string.Empty, true, error, error.ExitCode);

    /// <summary>The row a Cancel operation's snapshot shows.</summary>
    public static RunRow From(string run, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var metadata = operation.Metadata?.TryUnpack<CancelOperationMetadata>(out var m) == true ? m : new CancelOperationMetadata { Run = run };
        if (!operation.Done)
        {
            return new RunRow(run, operation.Name, metadata.State, metadata.ProviderState, false, null, ExitCodes.Success);
        }

        if (operation.Error is { } error)
        {
            var failure = RpcError.From(error);
            return new RunRow(run, operation.Name, metadata.State, metadata.ProviderState, true, failure, failure.ExitCode);
        }

        var response = operation.Response?.TryUnpack<CancelRunResponse>(out var r) == true ? r : new CancelRunResponse();
        return new RunRow(run, operation.Name, response.FinalState, response.ProviderState, true, null, response.FinalState == RunState.Cancelled ? ExitCodes.Success : ExitCodes.NotCancelled);
    }

    /// <summary>The state as a person reads it: CANCELLING, not RUN_STATE_CANCELLING.</summary>
    public string StateText => Error is not null ? "ERROR"
        : State == RunState.Unspecified ? "ACCEPTED"
        : Names.State(State).Replace("RUN_STATE_", string.Empty, StringComparison.Ordinal);
}
