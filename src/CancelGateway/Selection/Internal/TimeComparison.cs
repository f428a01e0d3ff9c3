using CancelGateway.Providers;

namespace CancelGateway.Selection.Internal;

/// <summary>
/// <c>create_time op "timestamp"</c>. A run without a create time matches no comparison, not
/// even <c>!=</c>: the filter cannot tell where such a run lies.
/// </summary>
internal sealed class TimeComparison(ComparisonOperator comparison, FilterTimestamp value) : FilterNode
{
    private static readonly long MaxTicks = DateTimeOffset.MaxValue.UtcTicks;

    /// <summary>The earliest create time this comparison lets through (inclusive), or null when it sets none.</summary>
    public DateTimeOffset? LowerBound => comparison switch
    {
        ComparisonOperator.Greater => Instant(AfterValue()),
        ComparisonOperator.GreaterOrEqual or ComparisonOperator.Equal => Instant(value.BetweenTicks ? AfterValue() : value.UtcTicks),
        _ => null,
    };

    /// <summary>The create time this comparison lets nothing through from (exclusive), or null when it sets none.</summary>
    public DateTimeOffset? UpperBound => comparison switch
    {
        ComparisonOperator.Less when !value.BetweenTicks => Instant(value.UtcTicks),
        ComparisonOperator.Less or ComparisonOperator.LessOrEqual or ComparisonOperator.Equal
            when value.UtcTicks < MaxTicks => Instant(value.UtcTicks + 1),
        _ => null,
    };

    public override bool Matches(RunSummary run)
    {
        if (run.CreateTime is not { } created)
        {
            return false;
        }

        var order = value.OrderOf(created);
        return comparison switch
        {
            ComparisonOperator.Equal => order == 0,
            ComparisonOperator.NotEqual => order != 0,
            ComparisonOperator.Less => order < 0,
            ComparisonOperator.LessOrEqual => order <= 0,
            ComparisonOperator.Greater => order > 0,
            ComparisonOperator.GreaterOrEqual => order >= 0,
            _ => throw new InvalidOperationException($"create_time has no {comparison} comparison."),
        };
    }

    /// <summary>The first whole tick strictly after the value, capped at the last one there is (a loose bound is still a bound).</summary>
    private long AfterValue() => Math.Min(value.UtcTicks + 1, MaxTicks);

    private static DateTimeOffset Instant(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
