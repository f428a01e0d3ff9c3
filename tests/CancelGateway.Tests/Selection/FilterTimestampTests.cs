using CancelGateway.Selection.Internal;
using Xunit;

namespace CancelGateway.Tests.Selection;

public sealed class FilterTimestampTests
{
    private static readonly long Base = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero).UtcTicks;

    [Theory]
    [InlineData("2026-12-01T10:00:00Z", 0, false)]
    [InlineData("2026-12-01T10:00:00.5Z", 5_000_000, false)]
    [InlineData("2026-12-01T10:00:00.123Z", 1_230_000, false)]
    [InlineData("2026-12-01T10:00:00.123456Z", 1_234_560, false)]
    [InlineData("2026-12-01T10:00:00.1234567Z", 1_234_567, false)]
    [InlineData("2026-12-01T10:00:00.12345670Z", 1_234_567, false)]
    [InlineData("2026-12-01T10:00:00.123456789Z", 1_234_567, true)]
    [InlineData("2026-12-01T10:00:00.000000001Z", 0, true)]
    [InlineData("2026-12-01T12:30:00+02:30", 0, false)]
    [InlineData("2026-12-01T05:00:00-05:00", 0, false)]
    [InlineData("2026-12-01T10:00:00-00:00", 0, false)]
    public void TryParse_Rfc3339_ExactInstant(string text, long ticksAfterBase, bool betweenTicks)
    {
        Assert.True(FilterTimestamp.TryParse(text, out var timestamp, out var problem), problem);

        Assert.Equal(new FilterTimestamp(Base + ticksAfterBase, betweenTicks), timestamp);
    }

    [Fact]
    public void OrderOf_InstantAtTheCutTick_BeforeAValueBetweenTicks()
    {
        Assert.True(FilterTimestamp.TryParse("2026-12-01T10:00:00.00000005Z", out var timestamp, out _));
        var atCut = new DateTimeOffset(Base, TimeSpan.Zero);

        Assert.True(timestamp.OrderOf(atCut) < 0);
        Assert.True(timestamp.OrderOf(atCut.AddTicks(1)) > 0);
        Assert.True(timestamp.OrderOf(atCut.AddTicks(-1)) < 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-12-01")]
    [InlineData("2026-12-01T10:00Z")]
    [InlineData("2026-12-01T10:00:00")]
    [InlineData("2026-12-01T10:00:00.Z")]
    [InlineData("2026-12-01T10:00:00+0100")]
    [InlineData("2026-12-01T10:00:00+01:60")]
    [InlineData(" 2026-12-01T10:00:00Z")]
    [InlineData("2026-12-01T10:00:00Z ")]
    [InlineData("2026-12-01T10:00:00Z\n")]
    [InlineData("२०२६-12-01T10:00:00Z")]
    [InlineData("2026-00-01T10:00:00Z")]
    [InlineData("2026-12-32T10:00:00Z")]
    [InlineData("2025-02-29T10:00:00Z")]
    [InlineData("2026-12-01T10:60:00Z")]
    [InlineData("2026-12-01T10:00:00-14:01")]
    public void TryParse_NotRfc3339_Problem(string text)
    {
        Assert.False(FilterTimestamp.TryParse(text, out _, out var problem));
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void TryParse_LeapDay_Accepted() =>
        Assert.True(FilterTimestamp.TryParse("2028-02-29T00:00:00Z", out _, out _));
}
