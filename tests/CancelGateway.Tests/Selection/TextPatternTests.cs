using CancelGateway.Selection.Internal;
using Xunit;

namespace CancelGateway.Tests.Selection;

public sealed class TextPatternTests
{
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abcd", false)]
    [InlineData("abc", "ABC", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("a*", "a", true)]
    [InlineData("a*", "ba", false)]
    [InlineData("*a", "ba", true)]
    [InlineData("a*a", "a", false)]
    [InlineData("a*a", "aa", true)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("ab*ba", "abba", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxcyyb", false)]
    [InlineData("a*b*b", "abb", true)]
    [InlineData("a*bc*c", "abcc", true)]
    [InlineData("a*bc*c", "abc", false)]
    [InlineData("a**b", "ab", true)]
    [InlineData("*x*", "abc", false)]
    public void Matches_Pattern_AsGlob(string pattern, string text, bool expected) =>
        Assert.Equal(expected, new TextPattern(pattern.Split('*')).Matches(text));

    [Theory]
    [InlineData("b", "abc", true)]
    [InlineData("", "abc", true)]
    [InlineData("", "", true)]
    [InlineData("d", "abc", false)]
    [InlineData("a*c", "xabcx", true)]
    [InlineData("c*a", "abc", false)]
    public void OccursIn_Pattern_Unanchored(string pattern, string text, bool expected) =>
        Assert.Equal(expected, new TextPattern(pattern.Split('*')).OccursIn(text));

    [Fact]
    public void Matches_ManyWildcardsOnLongText_Fast()
    {
        var pattern = new TextPattern(string.Join("*", Enumerable.Repeat("a", 2000)).Split('*').Append("b").ToArray());
        var text = new string('a', 100_000);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.False(pattern.Matches(text));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public void IsAnything_OnlyForALoneStar()
    {
        Assert.True(new TextPattern("*".Split('*')).IsAnything);
        Assert.False(new TextPattern("**".Split('*')).IsAnything);
        Assert.False(new TextPattern("a*".Split('*')).IsAnything);
        Assert.False(new TextPattern([""]).IsAnything);
    }
}
