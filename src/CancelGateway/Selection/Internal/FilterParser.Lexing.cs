using System.Text;
using CancelGateway.Providers;

namespace CancelGateway.Selection.Internal;

/// <summary>The words of the language: keywords, field names, operators, strings and bare values.</summary>
internal sealed partial class FilterParser
{
    /// <summary>Characters that end a bare value (besides white space and control characters).</summary>
    private const string NotInBareValue = "()\"'=!<>:\\";

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

    /// <summary>The value after an operator: a double-quoted string or a bare word.</summary>
    private FilterValue ReadValue(ComparisonOperator comparison)
    {
        SkipSpace();
        var start = _position;
        if (AtEnd)
        {
            throw Error(start, $"expected a value after {Symbol(comparison)}, found the end of the filter");
        }

        var first = Peek();
        if (first == '"')
        {
            return ReadString();
        }

        if (first == '\'')
        {
            throw Error(start, "strings take double quotes (\"...\"), not single quotes");
        }

        while (!AtEnd && IsBareValuePart(_text[_position]))
        {
            _position++;
        }

        if (_position == start)
        {
            throw Error(start, $"expected a value after {Symbol(comparison)}, found {Describe(start)}");
        }

        var word = _text[start.._position];
        if (word is "AND" or "OR" or "NOT")
        {
            throw Error(start, $"expected a value after {Symbol(comparison)}, found the keyword {word}; to mean the text, quote it: \"{word}\"");
        }

        return new FilterValue(start, word, word.Split('*'), Quoted: false);
    }

    /// <summary>
    /// A double-quoted string. Escapes: <c>\"</c>, <c>\\</c>, <c>\*</c> (a literal star rather than
    /// a wildcard), <c>\n</c>, <c>\r</c>, <c>\t</c>; anything else after a backslash is an error.
    /// </summary>
    private FilterValue ReadString()
    {
        var start = _position++;
        var text = new StringBuilder();
        var piece = new StringBuilder();
        var pieces = new List<string>();
        while (true)
        {
            if (AtEnd)
            {
                throw Error(start, "this string has no closing '\"'");
            }

            var c = _text[_position];
            if (c == '"')
            {
                _position++;
                pieces.Add(piece.ToString());
                return new FilterValue(start, text.ToString(), pieces, Quoted: true);
            }

            if (c == '*')
            {
                pieces.Add(piece.ToString());
                piece.Clear();
            }
            else if (c == '\\')
            {
                if (_position + 1 == _text.Length)
                {
                    throw Error(start, "this string has no closing '\"'");
                }

                c = Unescape(_position);
                _position++;
                piece.Append(c);
            }
            else
            {
                piece.Append(c);
            }

            text.Append(c);
            _position++;
        }
    }

    private char Unescape(int backslash) => _text[backslash + 1] switch
    {
        '"' => '"',
        '\\' => '\\',
        '*' => '*',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        _ => throw Error(backslash, $"unknown escape {UserInput.Quote(_text.Substring(backslash, 2))}; strings take \\\", \\\\, \\*, \\n, \\r and \\t"),
    };

    /// <summary>A label key: a quoted string, or letters, digits, '_' and '-' (the characters Vertex AI allows in a key).</summary>
    private string ReadLabelKey(string context)
    {
        var start = _position;
        if (Peek() == '"')
        {
            var key = ReadString().Text;
            return key.Length > 0 ? key : throw Error(start, "a label key cannot be empty");
        }

        while (!AtEnd && (char.IsLetterOrDigit(_text[_position]) || _text[_position] is '_' or '-'))
        {
            _position++;
        }

        if (_position == start)
        {
            throw AtEnd
                ? Error(start, $"expected a label key {context}, found the end of the filter")
                : Error(start, $"expected a label key {context}, found {Describe(start)}; quote a key with other characters: labels.\"my key\"");
        }

        return _text[start.._position];
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

    private static bool IsBareValuePart(char c) =>
        !char.IsWhiteSpace(c) && !char.IsControl(c) && !NotInBareValue.Contains(c, StringComparison.Ordinal);
}
