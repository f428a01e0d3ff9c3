using System.Diagnostics.CodeAnalysis;
using CancelGateway.Providers;
using CancelGateway.Selection.Internal;

namespace CancelGateway.Selection;

/// <summary>
/// Which runs a selector means: an AIP-160 filter over the normalized run fields (state,
/// create_time, display_name, pipeline_name, labels), parsed once and then applied to each
/// <see cref="RunSummary"/> a provider lists. The language is in docs/selection.md.
/// </summary>
internal sealed class RunFilter
{
    /// <summary>The longest filter accepted, in characters.</summary>
    public const int MaxLength = 8192;

    /// <summary>How deep parentheses and NOT may nest.</summary>
    public const int MaxDepth = 32;

    private readonly FilterNode _root;

    private RunFilter(string text, FilterNode root)
    {
        Text = text;
        _root = root;
        (CreatedAfter, CreatedBefore) = CreateTimeBounds.Of(root);
    }

    /// <summary>
    /// The tightest lower bound (inclusive, UTC) on create_time that every matching run satisfies,
    /// or null. Derived only from the top-level AND, so a provider asked for runs from here on
    /// never leaves out a match.
    /// </summary>
    public DateTimeOffset? CreatedAfter { get; }

    /// <summary>The tightest upper bound (exclusive, UTC) on create_time that every matching run satisfies, or null.</summary>
    public DateTimeOffset? CreatedBefore { get; }

    /// <summary>The filter as given (empty for the filter that matches every run).</summary>
    public string Text { get; }

    /// <summary>
    /// Parses <paramref name="text"/>. Null, empty or white space is the filter that matches every
    /// run. Never throws: a bad filter gives an <paramref name="error"/> with its position.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out RunFilter? filter, [NotNullWhen(false)] out RunFilterError? error)
    {
        filter = null;
        error = null;
        text ??= "";
        if (text.Length > MaxLength)
        {
            error = new RunFilterError(MaxLength, $"at {MaxLength}: the filter is at most {MaxLength} characters (this one has {text.Length})");
            return false;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            filter = new RunFilter(text, new AllOf([]));
            return true;
        }

        try
        {
            filter = new RunFilter(text, FilterParser.Parse(text));
            return true;
        }
        catch (FilterSyntaxException problem)
        {
            error = new RunFilterError(problem.Position, $"at {problem.Position}: {problem.Message}");
            return false;
        }
    }

    /// <summary>Whether <paramref name="run"/> is one the filter selects.</summary>
    public bool Matches(RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _root.Matches(run);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
