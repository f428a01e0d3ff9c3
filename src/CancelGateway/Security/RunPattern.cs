using System.Text;
using System.Text.RegularExpressions;

namespace CancelGateway.Security;

/// <summary>
/// A run name with wildcards, from the policy file: <c>*</c> matches within one segment (never
/// a <c>/</c>), <c>**</c> across segments; neither matches a control character (a name with a
/// trailing newline is not the run it resembles); everything else matches itself. Compiled once to a
/// non-backtracking regex, so no pattern can make matching slow.
/// </summary>
internal sealed class RunPattern
{
    private readonly Regex _regex;

    private RunPattern(string text, Regex regex)
    {
        Text = text;
        _regex = regex;
    }

    public string Text { get; }

    public bool Matches(string run) => _regex.IsMatch(run);

    /// <summary>Compiles a pattern; throws <see cref="FormatException"/> saying what is wrong with it.</summary>
    public static RunPattern Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new FormatException("a run pattern must not be empty");
        }

        if (text.Contains("***", StringComparison.Ordinal))
        {
            throw new FormatException($"run pattern '{text}' has '***'; use '*' within a segment or '**' across segments");
        }

        var regex = new StringBuilder(@"\A", text.Length * 2);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new FormatException($"run pattern '{text}' has a space or control character at position {i + 1}");
            }

            if (c != '*')
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
            else if (i + 1 < text.Length && text[i + 1] == '*')
            {
                regex.Append(@"\P{Cc}*");
                i++;
            }
            else
            {
                regex.Append(@"[^/\p{Cc}]*");
            }
        }

        regex.Append(@"\z");
        return new RunPattern(text, new Regex(regex.ToString(), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
    }
}
