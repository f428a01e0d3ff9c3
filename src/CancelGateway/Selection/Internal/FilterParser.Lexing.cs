using CancelGateway.Providers;

namespace CancelGateway.Selection.Internal;

/// <summary>The small words of the language: white space, keywords, field names and operators.</summary>
internal sealed partial class FilterParser
{
    /// <summary>How much of the input an error shows when it says what it found.</summary>
    private const int MaxDescribed = 24;

    private char Peek() => AtEnd ? '\0' : _text[_position];

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    /// <summary>Consumes <paramref name="keyword"/> when it is next as a whole word (keywords are upper case, as in AIP-160).</summary>
    private bool TryKeyword(string keyword)
    {
        var end = _position + keyword.Length;
        if (end > _text.Length
            || string.CompareOrdinal(_text, _position, keyword, 0, keyword.Length) != 0
            || (end < _text.Length && IsIdentifierPart(_text[end])))
        {
            return false;
        }

        _position = end;
        return true;
    }

    private string ReadIdentifier()
    {
        var start = _position;
        while (!AtEnd && IsIdentifierPart(_text[_position]))
        {
            _position++;
        }

        return _text[start.._position];
    }

    private string PeekIdentifier()
    {
        var end = _position;
        while (end < _text.Length && IsIdentifierPart(_text[end]))
        {
            end++;
        }

        return _text[_position..end];
    }

    /// <summary>Reads the operator after <paramref name="subject"/>; returns it and where it stands.</summary>
    private (ComparisonOperator Comparison, int Position) ReadOperator(string subject)
    {
        SkipSpace();
        var at = _position;
        ComparisonOperator? comparison =
            TrySymbol("!=") ? ComparisonOperator.NotEqual
            : TrySymbol("<=") ? ComparisonOperator.LessOrEqual
            : TrySymbol(">=") ? ComparisonOperator.GreaterOrEqual
            : TrySymbol("<") ? ComparisonOperator.Less
            : TrySymbol(">") ? ComparisonOperator.Greater
            : TrySymbol("=") ? ComparisonOperator.Equal
            : TrySymbol(":") ? ComparisonOperator.Has
            : null;
        if (comparison is null)
        {
            throw AtEnd
                ? Error(at, $"expected an operator after {subject}, found the end of the filter")
                : Error(at, $"expected an operator (=, !=, <, <=, >, >= or :) after {subject}, found {Describe(at)}");
        }

        if (comparison == ComparisonOperator.Equal && Peek() == '=')
        {
            throw Error(at, "the operator is a single '=', not '=='");
        }

        return (comparison.Value, at);
    }

    private bool TrySymbol(string symbol)
    {
        if (string.CompareOrdinal(_text, _position, symbol, 0, symbol.Length) != 0)
        {
            return false;
        }

        _position += symbol.Length;
        return true;
    }

    /// <summary>What stands at <paramref name="at"/>, quoted and short, for "found ..." in a message.</summary>
    private string Describe(int at)
    {
        if (at < _text.Length && char.IsWhiteSpace(_text[at]))
        {
            return "white space";
        }

        var end = at;
        while (end < _text.Length && end - at < MaxDescribed && !char.IsWhiteSpace(_text[end]))
        {
            end++;
        }

        if (end < _text.Length && end > at && char.IsHighSurrogate(_text[end - 1]))
        {
            end++;
        }

        return UserInput.Quote(_text[at..end]);
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
