using CancelGateway.Providers;
using CancelGateway.Selection;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Selection;

/// <summary>What a parsed filter selects, field by field (against <see cref="SampleRuns.Full"/> and <see cref="SampleRuns.Bare"/>).</summary>
public sealed class RunFilterMatchTests
{
    [Theory]
    [InlineData("state = RUNNING", true)]
    [InlineData("state = RUN_STATE_RUNNING", true)]
    [InlineData("state = \"RUNNING\"", true)]
    [InlineData("state = PENDING", false)]
    [InlineData("state != RUNNING", false)]
    [InlineData("state != RUN_STATE_QUEUED", true)]
    [InlineData("state=RUNNING", true)]
    [InlineData("  state\t=\nRUNNING  ", true)]
    [InlineData("create_time = \"2026-12-01T10:00:00Z\"", true)]
    [InlineData("create_time = \"2026-12-01T11:00:00+01:00\"", true)]
    [InlineData("create_time = \"2026-12-01t10:00:00z\"", true)]
    [InlineData("create_time = \"2026-12-01T10:00:00.000000000Z\"", true)]
    [InlineData("create_time != \"2026-12-01T10:00:00Z\"", false)]
    [InlineData("create_time < \"2026-12-01T10:00:00Z\"", false)]
    [InlineData("create_time <= \"2026-12-01T10:00:00Z\"", true)]
    [InlineData("create_time > \"2026-12-01T10:00:00Z\"", false)]
    [InlineData("create_time >= \"2026-12-01T10:00:00Z\"", true)]
    [InlineData("create_time > \"2026-12-01T09:59:59.999Z\"", true)]
    [InlineData("create_time < \"2026-12-01T10:00:00.000000001Z\"", true)]
    [InlineData("create_time = \"2026-12-01T10:00:00.000000001Z\"", false)]
    [InlineData("create_time != \"2026-12-01T10:00:00.000000001Z\"", true)]
    [InlineData("create_time >= \"2026-12-01T10:00:00.000000001Z\"", false)]
    [InlineData("create_time > \"2026-12-01T05:00:00-05:00\"", false)]
    [InlineData("display_name = \"nightly-train-42\"", true)]
    [InlineData("display_name = nightly-train-42", true)]
    [InlineData("display_name = \"Nightly-train-42\"", false)]
    [InlineData("display_name = \"nightly-train\"", false)]
    [InlineData("display_name != \"nightly-train\"", true)]
    [InlineData("display_name = \"nightly-*\"", true)]
    [InlineData("display_name = nightly-*", true)]
    [InlineData("display_name = \"*-42\"", true)]
    [InlineData("display_name = \"n*t*n*42\"", true)]
    [InlineData("display_name = \"*train*\"", true)]
    [InlineData("display_name = \"*\"", true)]
    [InlineData("display_name = \"nightly-*-43\"", false)]
    [InlineData("display_name = \"nightly-\\*\"", false)]
    [InlineData("display_name != \"nightly-*\"", false)]
    [InlineData("display_name : \"train\"", true)]
    [InlineData("display_name:train", true)]
    [InlineData("display_name : \"TRAIN\"", false)]
    [InlineData("display_name : \"ly*42\"", true)]
    [InlineData("display_name : *", true)]
    [InlineData("pipeline_name = train", true)]
    [InlineData("pipeline_name = \"tra\"", false)]
    [InlineData("pipeline_name : \"ra\"", true)]
    [InlineData("labels.team = \"ml\"", true)]
    [InlineData("labels.team = ml", true)]
    [InlineData("labels.team = \"ops\"", false)]
    [InlineData("labels.team != \"ops\"", true)]
    [InlineData("labels.\"team\" = \"ml\"", true)]
    [InlineData("labels.team : \"m\"", true)]
    [InlineData("labels.team:*", true)]
    [InlineData("labels:team", true)]
    [InlineData("labels : \"team\"", true)]
    [InlineData("labels:empty", true)]
    [InlineData("labels.empty = \"\"", true)]
    [InlineData("labels.empty:*", true)]
    [InlineData("labels:owner", false)]
    [InlineData("labels.owner != \"x\"", false)]
    [InlineData("NOT labels:owner", true)]
    [InlineData("-labels:owner", true)]
    public void Matches_FullRun_AsExpected(string filter, bool expected) =>
        Assert.Equal(expected, Parse(filter).Matches(SampleRuns.Full));

    /// <summary>A run lacking a field matches no comparison on it, not even !=; NOT of one does match.</summary>
    [Theory]
    [InlineData("state = RUNNING", true)]
    [InlineData("create_time < \"9999-12-31T23:59:59Z\"", false)]
    [InlineData("create_time > \"0001-01-01T00:00:00Z\"", false)]
    [InlineData("create_time != \"2026-12-01T10:00:00Z\"", false)]
    [InlineData("NOT create_time = \"2026-12-01T10:00:00Z\"", true)]
    [InlineData("display_name = \"*\"", false)]
    [InlineData("display_name != \"x\"", false)]
    [InlineData("display_name : \"\"", false)]
    [InlineData("display_name:*", false)]
    [InlineData("-display_name:*", true)]
    [InlineData("pipeline_name != \"x\"", false)]
    [InlineData("labels.team != \"ml\"", false)]
    [InlineData("labels:team", false)]
    public void Matches_RunWithoutOptionalFields_OnlyNegationsOfThemMatch(string filter, bool expected) =>
        Assert.Equal(expected, Parse(filter).Matches(SampleRuns.Bare));

    [Fact]
    public void Matches_EmptyDisplayName_CountsAsNone()
    {
        var run = SampleRuns.Run(displayName: "");

        Assert.False(Parse("display_name = \"\"").Matches(run));
        Assert.False(Parse("display_name:*").Matches(run));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void TryParse_EmptyFilter_MatchesEveryRun(string? filter)
    {
        var parsed = Parse(filter);

        Assert.True(parsed.Matches(SampleRuns.Full));
        Assert.True(parsed.Matches(SampleRuns.Bare));
        Assert.Null(parsed.CreatedAfter);
        Assert.Null(parsed.CreatedBefore);
        Assert.Equal(filter ?? "", parsed.Text);
    }

    [Fact]
    public void Matches_EveryState_ByShortAndProtoName()
    {
        foreach (var state in Enum.GetValues<RunState>())
        {
            var run = SampleRuns.Run(state: state);
            var protoName = ProtoName(state);
            Assert.True(Parse($"state = {protoName}").Matches(run), protoName);
            Assert.True(Parse($"state = {protoName["RUN_STATE_".Length..]}").Matches(run), protoName);
            Assert.False(Parse($"state != {protoName}").Matches(run), protoName);
        }
    }

    [Fact]
    public void Matches_SeveralRuns_SelectsTheIntendedOnes()
    {
        RunSummary[] runs =
        [
            SampleRuns.Run(state: RunState.Running, displayName: "nightly-1"),
            SampleRuns.Run(state: RunState.Queued, displayName: "nightly-2"),
            SampleRuns.Run(state: RunState.Succeeded, displayName: "nightly-3"),
            SampleRuns.Run(state: RunState.Running, displayName: "adhoc-1"),
        ];
        var filter = Parse("(state = RUNNING OR state = QUEUED) AND display_name = \"nightly-*\"");

        Assert.Equal(["nightly-1", "nightly-2"], runs.Where(filter.Matches).Select(run => run.DisplayName));
    }

    [Fact]
    public void Text_IsTheFilterAsGiven()
    {
        const string text = "  state = RUNNING  ";
        Assert.Equal(text, Parse(text).Text);
        Assert.Equal(text, Parse(text).ToString());
    }

    private static string ProtoName(RunState state) =>
        PipelineControlReflection.Descriptor.EnumTypes.Single(type => type.ClrType == typeof(RunState)).FindValueByNumber((int)state).Name;

    internal static RunFilter Parse(string? filter)
    {
        Assert.True(RunFilter.TryParse(filter, out var parsed, out var error), error?.Message);
        Assert.Null(error);
        return parsed;
    }
}
