using System.Text;
using CancelGateway.Selection;
using Xunit;

namespace CancelGateway.Tests.Selection;

/// <summary>
/// Whatever the text, TryParse answers with a filter or a <see cref="RunFilterError"/> inside the
/// text; it never throws, and nesting is capped before it can exhaust the stack.
/// </summary>
public sealed class RunFilterRobustnessTests
{
    private static readonly string[] Pieces =
    [
        "state", "create_time", "display_name", "pipeline_name", "labels", "labels.team", "labels:team", ".", "\"", "\\", "'",
        "=", "!=", "<", "<=", ">", ">=", ":", "!", "==", "*", "-", "(", ")", " ", "  ", "\t", "\n", "AND", "OR", "NOT", "and",
        "RUNNING", "RUN_STATE_QUEUED", "\"2026-12-01T10:00:00Z\"", "\"2026-13-01T10:00:00Z\"", "\"x*y\"", "\"a\\\"b\"", "\\*", "\u0000", "\u001b",
        "\ud83d\ude00", "\ud83d", "é", "x",
        "state = RUNNING", "labels:team", "display_name = \"nightly-*\"", "create_time > \"2026-12-01T10:00:00Z\"",
    ];

    [Fact]
    public void TryParse_RandomTokenSoup_FilterOrErrorNeverAnException()
    {
        var random = new Random(2026);
        var parsed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder();
            var count = random.Next(1, 16);
            for (var j = 0; j < count; j++)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
                if (random.Next(3) == 0)
                {
                    text.Append(' ');
                }
            }

            parsed += Check(text.ToString()) ? 1 : 0;
        }

        // The soup is meant to reach the matcher too, not only the error paths.
        Assert.InRange(parsed, 100, 19_900);
    }

    [Fact]
    public void TryParse_RandomCharacters_FilterOrErrorNeverAnException()
    {
        var random = new Random(160);
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(1, 40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(4) == 0 ? (char)random.Next(char.MaxValue + 1) : (char)random.Next(0x20, 0x7F);
            }

            Check(new string(chars));
        }
    }

    [Fact]
    public void TryParse_EveryPrefixOfAValidFilter_FilterOrErrorInsideTheText()
    {
        const string filter = "(state = RUNNING OR state = RUN_STATE_QUEUED) AND NOT labels:keep AND -display_name = \"a\\\"*b\" "
            + "AND labels.\"team\" : ml AND create_time >= \"2026-12-01T10:00:00.5+01:00\"";
        Assert.True(Check(filter));
        for (var length = 0; length < filter.Length; length++)
        {
            Check(filter[..length]);
        }
    }

    [Fact]
    public void TryParse_NestingAtTheCap_Accepted()
    {
        var depth = RunFilter.MaxDepth;
        var filter = new string('(', depth) + "state = RUNNING" + new string(')', depth);

        Assert.True(RunFilter.TryParse(filter, out var parsed, out var error), error?.Message);
        Assert.True(parsed.Matches(SampleRuns.Full));
    }

    /// <summary>The cap is 32 levels; <c>NOT (</c> spends two at a time.</summary>
    [Theory]
    [InlineData("(", 32)]
    [InlineData("-", 32)]
    [InlineData("NOT ", 4 * 32)]
    [InlineData("NOT (", 5 * 16)]
    public void TryParse_NestingBeyondTheCap_ErrorAtTheLevelTooDeep(string opener, int position)
    {
        Assert.Equal(32, RunFilter.MaxDepth);
        var filter = string.Concat(Enumerable.Repeat(opener, RunFilter.MaxDepth + 1)) + "state = RUNNING";

        Assert.False(RunFilter.TryParse(filter, out _, out var error));

        Assert.Equal(position, error.Position);
        Assert.Contains($"nests deeper than {RunFilter.MaxDepth} levels", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('(')]
    [InlineData('-')]
    public void TryParse_NestingAsDeepAsTheLengthAllows_ErrorNotStackOverflow(char opener)
    {
        var filter = new string(opener, RunFilter.MaxLength);

        Assert.False(RunFilter.TryParse(filter, out _, out var error));

        Assert.Equal(RunFilter.MaxDepth, error.Position);
    }

    [Fact]
    public void TryParse_LongFlatChain_NoDepthLimit()
    {
        var terms = Enumerable.Repeat("state = RUNNING", 200);
        var filter = string.Join(" AND ", terms) + " OR " + string.Join(" OR ", terms);

        Assert.True(RunFilter.TryParse(filter, out var parsed, out var error), error?.Message);
        Assert.True(parsed.Matches(SampleRuns.Full));
    }

    /// <summary>Parses <paramref name="text"/>; either way the answer must be well formed. True when it parsed.</summary>
    private static bool Check(string text)
    {
        if (RunFilter.TryParse(text, out var filter, out var error))
        {
            Assert.Null(error);
            Assert.Equal(text, filter.Text);
            _ = filter.Matches(SampleRuns.Full);
            _ = filter.Matches(SampleRuns.Bare);
            return true;
        }

        Assert.Null(filter);
        Assert.InRange(error.Position, 0, text.Length);
        Assert.StartsWith($"at {error.Position}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, char.IsControl);
        return false;
    }
}
