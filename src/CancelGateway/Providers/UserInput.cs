using System.Globalization;
using System.Text;

namespace CancelGateway.Providers;

/// <summary>
/// Caller input quoted in an error message: short, and with control characters escaped, so an
/// error never echoes megabytes of input back (in grpc-message, trailers and logs) and a name
/// with a newline or an ANSI escape in it cannot forge log lines.
/// </summary>
internal static class UserInput
{
    /// <summary>The most characters of the input an error quotes.</summary>
    public const int MaxQuoted = 100;

    public static string Quote(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "''";
        }

        var shown = Math.Min(text.Length, MaxQuoted);
        var quoted = new StringBuilder(shown + 32).Append('\'');
        for (var i = 0; i < shown; i++)
        {
            var c = text[i];
            _ = c switch
            {
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                '\'' => quoted.Append("\\'"),
                '\\' => quoted.Append("\\\\"),
                _ when char.IsControl(c) => quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => quoted.Append(c),
            };
        }

        quoted.Append('\'');
        if (text.Length > shown)
        {
            quoted.Append(CultureInfo.InvariantCulture, $"… ({text.Length - shown} more characters)");
        }

        return quoted.ToString();
    }
}
