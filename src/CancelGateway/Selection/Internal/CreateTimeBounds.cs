namespace CancelGateway.Selection.Internal;

/// <summary>
/// The create-time range a filter implies, for a provider to narrow its listing with. Only
/// comparisons every match must pass count: the terms of the top-level AND (through
/// parentheses, which group without changing meaning). A bound inside OR or NOT could exclude a
/// run the filter matches (<c>NOT create_time &lt; X</c> matches runs with no create time).
/// </summary>
internal static class CreateTimeBounds
{
    /// <summary>The tightest inclusive lower and exclusive upper bound, each null when nothing sets one.</summary>
    public static (DateTimeOffset? After, DateTimeOffset? Before) Of(FilterNode root)
    {
        DateTimeOffset? after = null;
        DateTimeOffset? before = null;
        foreach (var comparison in RequiredComparisons(root))
        {
            if (comparison.LowerBound is { } lower && (after is null || lower > after))
            {
                after = lower;
            }

            if (comparison.UpperBound is { } upper && (before is null || upper < before))
            {
                before = upper;
            }
        }

        return (after, before);
    }

    private static IEnumerable<TimeComparison> RequiredComparisons(FilterNode node) => node switch
    {
        TimeComparison comparison => [comparison],
        AllOf all => all.Terms.SelectMany(RequiredComparisons),
        _ => [],
    };
}
