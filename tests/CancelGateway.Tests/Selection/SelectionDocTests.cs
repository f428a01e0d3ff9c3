using CancelGateway.Selection;
using Xunit;

namespace CancelGateway.Tests.Selection;

/// <summary>docs/selection.md's examples parse, and the errors it shows are the ones the gateway gives.</summary>
public sealed class SelectionDocTests
{
    [Fact]
    public void Examples_EveryOne_Parses()
    {
        var examples = CodeBlockAfter("### Examples");

        Assert.NotEmpty(examples);
        Assert.All(examples, example => Assert.True(RunFilter.TryParse(example, out _, out var error), $"{example}: {error?.Message}"));
    }

    [Theory]
    [InlineData("state = RUNNING AND createTime > \"x\"")]
    [InlineData("state < RUNNING")]
    [InlineData("create_time > \"2026-12-01\"")]
    [InlineData("state = DONE")]
    [InlineData("display_name = \"abc")]
    [InlineData("(state = RUNNING")]
    [InlineData("state = RUNNING x")]
    [InlineData("state = RUNNING AND")]
    public void Errors_ShownInTheDoc_AreTheOnesGiven(string filter)
    {
        Assert.False(RunFilter.TryParse(filter, out _, out var error));

        Assert.Contains(RunFilterErrors.ToRpcException(error).Status.Detail, CodeBlockAfter("### Errors"));
    }

    private static List<string> CodeBlockAfter(string heading)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "selection.md"));
        var start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"docs/selection.md has no '{heading}'");
        return lines.Skip(start).SkipWhile(line => !line.StartsWith("```", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(line => !line.StartsWith("```", StringComparison.Ordinal)).ToList();
    }
}
