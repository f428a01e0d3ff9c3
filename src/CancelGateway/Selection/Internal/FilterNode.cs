using CancelGateway.Providers;

namespace CancelGateway.Selection.Internal;

/// <summary>One node of a parsed filter: a comparison, or AND, OR and NOT over other nodes.</summary>
internal abstract class FilterNode
{
    /// <summary>Whether <paramref name="run"/> satisfies this node.</summary>
    public abstract bool Matches(RunSummary run);
}
