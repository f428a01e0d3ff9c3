using CancelGateway.Providers;

namespace CancelGateway.Selection.Internal;

/// <summary>NOT (or a leading <c>-</c>): the term does not hold, which includes a run that lacks the term's field.</summary>
internal sealed class Negation(FilterNode term) : FilterNode
{
    public FilterNode Term { get; } = term;

    public override bool Matches(RunSummary run) => !Term.Matches(run);
}
