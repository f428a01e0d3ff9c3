namespace CancelGateway.Selection.Internal;

/// <summary>
/// A string value of a filter with AIP-160's <c>*</c> wildcard: the literal pieces between the
/// wildcards, matched in order, ordinal and case-sensitive. Matching walks the text once per
/// piece (no backtracking), so no pattern can make it slow.
/// </summary>
internal sealed class TextPattern
{
    private readonly string[] _pieces;

    /// <param name="pieces">The literal text between wildcards: one piece means no wildcard; "a*b" is ["a", "b"]; "*" is ["", ""].</param>
    public TextPattern(IReadOnlyList<string> pieces)
    {
        if (pieces.Count == 0)
        {
            throw new ArgumentException("A pattern has at least one piece.", nameof(pieces));
        }

        _pieces = [.. pieces];
    }

    /// <summary>True for the pattern <c>*</c> alone, which matches any value.</summary>
    public bool IsAnything => _pieces is ["", ""];

    /// <summary>Whether all of <paramref name="text"/> matches.</summary>
    public bool Matches(string text) => Matches(text, _pieces);

    /// <summary>Whether some part of <paramref name="text"/> matches (the <c>:</c> operator).</summary>
    public bool OccursIn(string text) => Matches(text, ["", .. _pieces, ""]);

    private static bool Matches(string text, string[] pieces)
    {
        if (pieces.Length == 1)
        {
            return string.Equals(text, pieces[0], StringComparison.Ordinal);
        }

        var first = pieces[0];
        var last = pieces[^1];
        if (text.Length < first.Length + last.Length
            || !text.StartsWith(first, StringComparison.Ordinal)
            || !text.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        // The first and last pieces are anchored; each middle piece is taken at its leftmost
        // place between them, which leaves the most room for the pieces after it.
        var from = first.Length;
        var end = text.Length - last.Length;
        for (var i = 1; i < pieces.Length - 1; i++)
        {
            var at = text.IndexOf(pieces[i], from, end - from, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            from = at + pieces[i].Length;
        }

        return true;
    }
}
