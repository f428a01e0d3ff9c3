using System.Text;
using CancelGateway.Providers;

namespace CancelGateway.Selection.Internal;

/// <summary>Values: double-quoted strings with their escapes and wildcards, bare words, label keys.</summary>
internal sealed partial class FilterParser
{
    /// <summary>Characters that end a bare value (besides white space and control characters).</summary>
    private const string NotInBareValue = "()\"'=!<>:\\";

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

    private static bool IsBareValuePart(char c) =>
        !char.IsWhiteSpace(c) && !char.IsControl(c) && !NotInBareValue.Contains(c, StringComparison.Ordinal);
}
