using CancelGateway.Providers;
using CancelGateway.V1;

namespace CancelGateway.Selection.Internal;

/// <summary><c>state = RUNNING</c> or <c>state != RUNNING</c>.</summary>
internal sealed class StateComparison(bool equal, RunState state) : FilterNode
{
    public override bool Matches(RunSummary run) => (run.State == state) == equal;
}
