using CancelGateway.Providers;

namespace CancelGateway.Selection.Internal;

/// <summary>AND: every term holds (true for no terms, which is the empty filter).</summary>
internal sealed class AllOf(IReadOnlyList<FilterNode> terms) : FilterNode
{
    public IReadOnlyList<FilterNode> Terms { get; } = terms;

    public override bool Matches(RunSummary run) => Terms.All(term => term.Matches(run));
}
