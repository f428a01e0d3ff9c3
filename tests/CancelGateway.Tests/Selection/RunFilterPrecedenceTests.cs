using Xunit;

namespace CancelGateway.Tests.Selection;

/// <summary>
/// AIP-160 precedence: NOT binds tightest, then OR, then AND, so <c>a AND b OR c</c> is
/// <c>a AND (b OR c)</c>. Each case is chosen so the usual AND-over-OR reading gives the other answer.
/// The run is RUNNING: <c>state = RUNNING</c> is true, <c>state = PENDING</c> false.
/// </summary>
public sealed class RunFilterPrecedenceTests
{
    [Theory]
    [InlineData("state = PENDING AND state = PENDING OR state = RUNNING", false)]
    [InlineData("state = RUNNING OR state = PENDING AND state = PENDING", false)]
    [InlineData("(state = PENDING AND state = PENDING) OR state = RUNNING", true)]
    [InlineData("state = RUNNING OR (state = PENDING AND state = PENDING)", true)]
    [InlineData("state = RUNNING AND state = PENDING OR state = RUNNING", true)]
    [InlineData("NOT state = RUNNING OR state = RUNNING", true)]
    [InlineData("NOT (state = RUNNING OR state = RUNNING)", false)]
    [InlineData("NOT state = PENDING AND state = PENDING", false)]
    [InlineData("NOT (state = PENDING AND state = PENDING)", true)]
    [InlineData("-state = PENDING AND state = PENDING", false)]
    [InlineData("-(state = PENDING AND state = PENDING)", true)]
    [InlineData("NOT NOT state = RUNNING", true)]
    [InlineData("--state = RUNNING", true)]
    [InlineData("- state = RUNNING", false)]
    [InlineData("NOT(state = RUNNING)", false)]
    [InlineData("((state = RUNNING))", true)]
    [InlineData("state = PENDING OR state = PENDING OR state = RUNNING", true)]
    [InlineData("state = RUNNING AND state = RUNNING AND state = PENDING", false)]
    public void Matches_MixedOperators_FollowAip160Precedence(string filter, bool expected) =>
        Assert.Equal(expected, RunFilterMatchTests.Parse(filter).Matches(SampleRuns.Full));
}
