using Xunit;

namespace CancelGateway.Tests.Selection;

/// <summary>
/// CreatedAfter (inclusive) and CreatedBefore (exclusive) come only from the top-level AND, so a
/// provider that lists only that range never leaves out a run the filter matches.
/// </summary>
public sealed class RunFilterBoundsTests
{
    private const string At = "\"2026-12-01T10:00:00Z\"";
    private static readonly DateTimeOffset Time = SampleRuns.Created;
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public void Bounds_GreaterOrEqual_InclusiveLowerBound() => AssertBounds($"create_time >= {At}", Time, null);

    [Fact]
    public void Bounds_Greater_LowerBoundOneTickLater() => AssertBounds($"create_time > {At}", Time + Tick, null);

    [Fact]
    public void Bounds_Less_ExclusiveUpperBound() => AssertBounds($"create_time < {At}", null, Time);

    [Fact]
    public void Bounds_LessOrEqual_UpperBoundOneTickLater() => AssertBounds($"create_time <= {At}", null, Time + Tick);

    [Fact]
    public void Bounds_Equal_OneTickRange() => AssertBounds($"create_time = {At}", Time, Time + Tick);

    [Fact]
    public void Bounds_NotEqual_None() => AssertBounds($"create_time != {At}", null, null);

    [Fact]
    public void Bounds_NoTimeComparison_None() => AssertBounds("state = RUNNING AND display_name = \"x\"", null, null);

    [Theory]
    [InlineData(">=", 1, null)]
    [InlineData(">", 1, null)]
    [InlineData("<", null, 1)]
    [InlineData("<=", null, 1)]
    [InlineData("=", 1, 1)]
    public void Bounds_NanosecondsBelowATick_RoundedOutward(string comparison, int? afterTicks, int? beforeTicks) =>
        AssertBounds(
            $"create_time {comparison} \"2026-12-01T10:00:00.000000050Z\"",
            afterTicks is { } after ? Time + TimeSpan.FromTicks(after) : null,
            beforeTicks is { } before ? Time + TimeSpan.FromTicks(before) : null);

    [Fact]
    public void Bounds_Offset_GivenInUtc()
    {
        var filter = RunFilterMatchTests.Parse("create_time >= \"2026-12-01T11:00:00+01:00\"");

        Assert.Equal(Time, filter.CreatedAfter);
        Assert.Equal(TimeSpan.Zero, filter.CreatedAfter!.Value.Offset);
    }

    [Fact]
    public void Bounds_SeveralConjuncts_Tightest() =>
        AssertBounds(
            "create_time > \"2026-11-01T00:00:00Z\" AND create_time >= \"2026-12-01T10:00:00Z\" AND state = RUNNING"
            + " AND create_time < \"2026-12-31T00:00:00Z\" AND create_time <= \"2026-12-02T00:00:00Z\"",
            Time,
            new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero) + Tick);

    [Fact]
    public void Bounds_ParenthesizedAnd_StillRequired() =>
        AssertBounds($"(create_time >= {At} AND state = RUNNING) AND (create_time < \"2026-12-02T00:00:00Z\")",
            Time, new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData($"create_time >= {At} OR state = RUNNING")]
    [InlineData($"(create_time >= {At} OR create_time >= {At})")]
    [InlineData($"state = RUNNING OR (create_time >= {At} AND create_time < {At})")]
    [InlineData($"NOT create_time < {At}")]
    [InlineData($"-create_time < {At}")]
    [InlineData($"NOT (create_time >= {At} AND create_time < {At})")]
    [InlineData($"NOT NOT create_time >= {At}")]
    public void Bounds_InsideOrOrNot_None(string filter) => AssertBounds(filter, null, null);

    [Fact]
    public void Bounds_OrBesideARequiredComparison_OnlyTheRequiredOne() =>
        AssertBounds($"create_time >= {At} AND (create_time < \"2026-12-02T00:00:00Z\" OR state = RUNNING)", Time, null);

    [Fact]
    public void Bounds_NotBesideARequiredComparison_RunWithoutCreateTimeStillExcludedByMatch()
    {
        // NOT create_time < X matches a run without a create time; that is why NOT never narrows.
        var filter = RunFilterMatchTests.Parse($"NOT create_time < {At}");

        Assert.True(filter.Matches(SampleRuns.Bare));
        Assert.Null(filter.CreatedAfter);
    }

    [Fact]
    public void Bounds_AtTheEndOfTime_LooseButSafe()
    {
        var greatest = RunFilterMatchTests.Parse("create_time > \"9999-12-31T23:59:59.9999999Z\"");
        Assert.Equal(DateTimeOffset.MaxValue, greatest.CreatedAfter);
        Assert.Null(greatest.CreatedBefore);

        var upToGreatest = RunFilterMatchTests.Parse("create_time <= \"9999-12-31T23:59:59.9999999Z\"");
        Assert.Null(upToGreatest.CreatedBefore);
        Assert.True(upToGreatest.Matches(SampleRuns.CreatedAt(DateTimeOffset.MaxValue)));
    }

    [Fact]
    public void Bounds_ContradictoryConjuncts_EmptyRangeAndNoMatch()
    {
        var filter = RunFilterMatchTests.Parse($"create_time > {At} AND create_time < {At}");

        Assert.True(filter.CreatedAfter >= filter.CreatedBefore);
        Assert.False(filter.Matches(SampleRuns.Full));
    }

    /// <summary>
    /// The property the bounds exist for, over random filters of create_time comparisons joined by
    /// AND, OR and NOT and runs near their instants: every match lies inside [CreatedAfter, CreatedBefore).
    /// </summary>
    [Fact]
    public void Bounds_RandomFilters_NeverExcludeAMatch()
    {
        var random = new Random(160);
        string[] comparisons = ["=", "!=", "<", "<=", ">", ">="];
        string[] instants = ["2026-12-01T10:00:00Z", "2026-12-01T10:00:00.0000001Z", "2026-12-01T10:00:00.00000005Z", "2026-12-01T09:59:59.9999999Z", "2026-12-01T11:00:00+01:00"];
        var runs = Enumerable.Range(-3, 7).Select(ticks => SampleRuns.CreatedAt(Time + TimeSpan.FromTicks(ticks))).Append(SampleRuns.Bare).ToArray();
        var checkedMatches = 0;
        for (var i = 0; i < 3000; i++)
        {
            var text = RandomFilter(random, comparisons, instants, depth: 0);
            var filter = RunFilterMatchTests.Parse(text);
            foreach (var run in runs.Where(filter.Matches))
            {
                checkedMatches++;
                if (filter.CreatedAfter is { } after)
                {
                    Assert.True(run.CreateTime >= after, $"{text}: a match created {run.CreateTime:O} is before CreatedAfter {after:O}");
                }

                if (filter.CreatedBefore is { } before)
                {
                    Assert.True(run.CreateTime < before, $"{text}: a match created {run.CreateTime:O} is not before CreatedBefore {before:O}");
                }
            }
        }

        Assert.True(checkedMatches > 1000, $"only {checkedMatches} matches were checked");
    }

    private static string RandomFilter(Random random, string[] comparisons, string[] instants, int depth)
    {
        var pick = depth > 3 ? 0 : random.Next(6);
        return pick switch
        {
            0 or 1 or 2 => $"create_time {comparisons[random.Next(comparisons.Length)]} \"{instants[random.Next(instants.Length)]}\"",
            3 => $"{RandomFilter(random, comparisons, instants, depth + 1)} AND {RandomFilter(random, comparisons, instants, depth + 1)}",
            4 => $"({RandomFilter(random, comparisons, instants, depth + 1)} OR {RandomFilter(random, comparisons, instants, depth + 1)})",
            _ => $"NOT ({RandomFilter(random, comparisons, instants, depth + 1)})",
        };
    }

    private static void AssertBounds(string text, DateTimeOffset? after, DateTimeOffset? before)
    {
        var filter = RunFilterMatchTests.Parse(text);
        Assert.Equal(after, filter.CreatedAfter);
        Assert.Equal(before, filter.CreatedBefore);
    }
}
