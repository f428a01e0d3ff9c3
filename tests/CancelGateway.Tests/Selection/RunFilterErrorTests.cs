using CancelGateway.Selection;
using Xunit;

namespace CancelGateway.Tests.Selection;

/// <summary>Every kind of bad filter is refused with the position of the problem and a message that says what to do.</summary>
public sealed class RunFilterErrorTests
{
    [Theory]
    // Unknown fields, with a guess where one is near.
    [InlineData("foo = 1", 0, "unknown field 'foo'; the fields are state, create_time")]
    [InlineData("state = RUNNING AND createTime > \"x\"", 20, "(did you mean create_time?)")]
    [InlineData("label:team", 0, "(did you mean labels?)")]
    [InlineData("state.x = 1", 5, "state has no parts")]
    // Operators a field does not take.
    [InlineData("state < RUNNING", 6, "state takes only = and !=, not <")]
    [InlineData("state : RUNNING", 6, "state takes only = and !=, not :")]
    [InlineData("create_time : \"2026-12-01T10:00:00Z\"", 12, "create_time takes =, !=, <, <=, > and >=, not :")]
    [InlineData("display_name > \"a\"", 13, "display_name takes =, != and :, not >")]
    [InlineData("pipeline_name <= \"a\"", 14, "pipeline_name takes =, != and :, not <=")]
    [InlineData("labels.team >= \"a\"", 12, "a label takes =, != and :, not >=")]
    [InlineData("labels = \"ml\"", 7, "labels needs a key")]
    [InlineData("state == RUNNING", 6, "a single '='")]
    [InlineData("state ! RUNNING", 6, "expected an operator (=, !=, <, <=, >, >= or :) after state, found '!'")]
    [InlineData("state RUNNING", 6, "expected an operator (=, !=, <, <=, >, >= or :) after state, found 'RUNNING'")]
    [InlineData("state", 5, "expected an operator after state, found the end of the filter")]
    // Bad timestamps.
    [InlineData("create_time > \"2026-12-01\"", 14, "'2026-12-01' is not an RFC 3339 timestamp")]
    [InlineData("create_time > \"2026-12-01 10:00:00Z\"", 14, "is not an RFC 3339 timestamp")]
    [InlineData("create_time > \"2026-12-01T10:00:00\"", 14, "is not an RFC 3339 timestamp")]
    [InlineData("create_time > \"2026-12-01T10:00:00.1234567890Z\"", 14, "is not an RFC 3339 timestamp")]
    [InlineData("create_time > \"2026-02-30T10:00:00Z\"", 14, "is not a real date and time")]
    [InlineData("create_time > \"2026-12-01T24:00:00Z\"", 14, "is not a real date and time")]
    [InlineData("create_time > \"2026-12-31T23:59:60Z\"", 14, "is not a real date and time")]
    [InlineData("create_time > \"2026-12-01T10:00:00+15:00\"", 14, "has an offset beyond ±14:00")]
    [InlineData("create_time > \"0001-01-01T00:00:00+01:00\"", 14, "is outside the years 0001 to 9999")]
    [InlineData("create_time > \"9999-12-31T23:00:00-01:00\"", 14, "is outside the years 0001 to 9999")]
    [InlineData("create_time > 2026-12-01T10:00:00Z", 14, "create_time needs its timestamp in double quotes")]
    // Unknown states.
    [InlineData("state = DONE", 8, "'DONE' is not a state; states are UNSPECIFIED, QUEUED, PENDING, RUNNING")]
    [InlineData("state = running", 8, "state values are upper case: write RUNNING")]
    [InlineData("state = run_state_running", 8, "state values are upper case: write RUN_STATE_RUNNING")]
    [InlineData("state = RUN*", 8, "'RUN*' is not a state")]
    // Quotes and escapes.
    [InlineData("display_name = \"abc", 15, "this string has no closing '\"'")]
    [InlineData("display_name = \"abc\\\"", 15, "this string has no closing '\"'")]
    [InlineData("display_name = \"abc\\", 15, "this string has no closing '\"'")]
    [InlineData("display_name = \"a\\qb\"", 17, "unknown escape '\\\\q'")]
    [InlineData("display_name = 'abc'", 15, "strings take double quotes")]
    [InlineData("\"nightly\"", 0, "a string alone is not a filter")]
    // Parentheses.
    [InlineData("(state = RUNNING", 0, "'(' is never closed")]
    [InlineData("((state = RUNNING)", 0, "'(' is never closed")]
    [InlineData("state = RUNNING AND (state = PENDING OR (state = QUEUED)", 20, "'(' is never closed")]
    [InlineData("state = RUNNING)", 15, "')' has no matching '('")]
    [InlineData("(state = RUNNING))", 17, "')' has no matching '('")]
    [InlineData(")", 0, "expected a comparison at the start of the filter, found ')'")]
    [InlineData("()", 1, "expected a comparison after '(', found ')'")]
    // Trailing garbage and missing joins.
    [InlineData("state = RUNNING x", 16, "expected AND or OR before 'x'")]
    [InlineData("state = RUNNING state = PENDING", 16, "expected AND or OR before 'state'")]
    [InlineData("display_name = nightly train", 23, "quote values that contain spaces")]
    [InlineData("state = RUNNING (state = PENDING)", 16, "expected AND or OR before '(state'")]
    [InlineData("state = RUNNING and state = PENDING", 16, "keywords are upper case: write AND")]
    [InlineData("state = RUNNING or state = PENDING", 16, "keywords are upper case: write OR")]
    [InlineData("state = RUNNING NOT state = PENDING", 16, "NOT cannot join two terms")]
    // Empty operands.
    [InlineData("state =", 7, "expected a value after =, found the end of the filter")]
    [InlineData("state = ", 8, "expected a value after =, found the end of the filter")]
    [InlineData("state = AND state = PENDING", 8, "found the keyword AND; to mean the text, quote it")]
    [InlineData("display_name = )", 15, "expected a value after =, found ')'")]
    [InlineData("display_name != (x)", 16, "expected a value after !=, found '(x)'")]
    [InlineData("state = RUNNING AND", 19, "expected a comparison after AND, found the end of the filter")]
    [InlineData("state = RUNNING OR", 18, "expected a comparison after OR, found the end of the filter")]
    [InlineData("state = RUNNING AND (state = PENDING OR )", 40, "expected a comparison after OR, found ')'")]
    [InlineData("AND state = RUNNING", 0, "expected a comparison at the start of the filter, found the keyword AND")]
    [InlineData("OR", 0, "found the keyword OR")]
    [InlineData("NOT", 3, "expected a comparison after NOT, found the end of the filter")]
    [InlineData("-", 1, "expected a comparison after '-', found the end of the filter")]
    [InlineData("= RUNNING", 0, "expected a comparison at the start of the filter, found '='")]
    // Label keys.
    [InlineData("labels. = \"x\"", 7, "expected a label key after 'labels.', found white space")]
    [InlineData("labels.\"\" = \"x\"", 7, "a label key cannot be empty")]
    [InlineData("labels.a.b = \"x\"", 8, "a label key is one name")]
    [InlineData("labels:", 7, "expected a label key after 'labels:', found the end of the filter")]
    [InlineData("labels:*", 7, "expected a label key after 'labels:', found '*'")]
    [InlineData("labels.team", 11, "expected an operator after a label, found the end of the filter")]
    public void TryParse_BadFilter_ErrorAtPosition(string filter, int position, string message)
    {
        Assert.False(RunFilter.TryParse(filter, out var parsed, out var error));

        Assert.Null(parsed);
        Assert.Equal(position, error.Position);
        Assert.StartsWith($"at {position}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LongerThanTheCap_ErrorAtTheCap()
    {
        var filter = "display_name = \"" + new string('x', RunFilter.MaxLength) + "\"";

        Assert.False(RunFilter.TryParse(filter, out _, out var error));

        Assert.Equal(RunFilter.MaxLength, error.Position);
        Assert.Equal($"at {RunFilter.MaxLength}: the filter is at most {RunFilter.MaxLength} characters (this one has {filter.Length})", error.Message);
    }

    [Fact]
    public void TryParse_AtTheCap_Accepted()
    {
        var filter = "display_name = \"" + new string('x', RunFilter.MaxLength - 17) + "\"";
        Assert.Equal(RunFilter.MaxLength, filter.Length);

        Assert.True(RunFilter.TryParse(filter, out _, out var error), error?.Message);
    }

    [Fact]
    public void TryParse_ErrorQuotingLongInput_QuotesLittleOfIt()
    {
        var filter = "state = RUNNING " + new string('x', 5000);

        Assert.False(RunFilter.TryParse(filter, out _, out var error));

        Assert.Equal(16, error.Position);
        Assert.True(error.Message.Length < 300, error.Message);
    }

    [Fact]
    public void TryParse_ControlCharactersInInput_NotEchoedRaw()
    {
        Assert.False(RunFilter.TryParse("state = RUNNING \u001b[31m\n", out _, out var error));

        Assert.Equal(16, error.Position);
        Assert.DoesNotContain(error.Message, char.IsControl);
    }
}
