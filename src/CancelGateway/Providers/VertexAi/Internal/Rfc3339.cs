using System.Globalization;

namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>Google's timestamps in JSON: RFC 3339 with 0, 3, 6 or 9 fractional digits.</summary>
internal static class Rfc3339
{
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // .NET keeps 7 fractional digits (100 ns ticks); drop any beyond that before parsing.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
    }
}
