using CancelGateway.Providers;

namespace CancelGateway.Selection.Internal;

/// <summary>
/// <c>display_name = "nightly-*"</c>, <c>pipeline_name != "x"</c>, <c>labels.team : "ml"</c>.
/// A run that lacks the field matches none of them, not even <c>!=</c>.
/// </summary>
internal sealed class TextComparison(TextField field, ComparisonOperator comparison, TextPattern pattern) : FilterNode
{
    public override bool Matches(RunSummary run)
    {
        if (field.Read(run) is not { } text)
        {
            return false;
        }

        return comparison switch
        {
            ComparisonOperator.Equal => pattern.Matches(text),
            ComparisonOperator.NotEqual => !pattern.Matches(text),
            ComparisonOperator.Has => pattern.OccursIn(text),
            _ => throw new InvalidOperationException($"{field.Name} has no {comparison} comparison."),
        };
    }
}
