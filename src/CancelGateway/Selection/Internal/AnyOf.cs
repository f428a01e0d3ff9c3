using CancelGateway.Providers;

namespace CancelGateway.Selection.Internal;

/// <summary>OR: at least one term holds.</summary>
internal sealed class AnyOf(IReadOnlyList<FilterNode> terms) : FilterNode
{
    public IReadOnlyList<FilterNode> Terms { get; } = terms;

    public override bool Matches(RunSummary run) => Terms.Any(term => term.Matches(run));
}
