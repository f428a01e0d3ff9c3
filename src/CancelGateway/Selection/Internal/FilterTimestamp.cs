using System.Globalization;
using System.Text.RegularExpressions;

namespace CancelGateway.Selection.Internal;

/// <summary>
/// An RFC 3339 timestamp from a filter, kept exactly: .NET counts in 100 ns ticks, a timestamp
/// may carry nanoseconds (protobuf's JSON form prints 9 digits), so the digits below a tick are
/// remembered as "a little after <see cref="UtcTicks"/>" instead of being rounded away, which
/// would make <c>create_time &lt; "…00.000000050Z"</c> miss a run created at …00.0000000.
/// </summary>
/// <param name="UtcTicks">The instant, in UTC ticks, with the digits below a tick cut off.</param>
/// <param name="BetweenTicks">True when digits below a tick were not zero: the instant lies strictly after <see cref="UtcTicks"/>.</param>
internal readonly partial record struct FilterTimestamp(long UtcTicks, bool BetweenTicks)
{
    /// <summary>The form the parser accepts, for error messages.</summary>
    public const string Form = "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)";

    /// <summary>
    /// Where <paramref name="instant"/> lies relative to this timestamp: negative before, 0 at, positive after.
    /// </summary>
    public int OrderOf(DateTimeOffset instant)
    {
        var order = instant.UtcTicks.CompareTo(UtcTicks);
        return order == 0 && BetweenTicks ? -1 : order;
    }

    /// <summary>Parses RFC 3339 (section 5.6 date-time); <paramref name="problem"/> says what is wrong otherwise.</summary>
    public static bool TryParse(string text, out FilterTimestamp timestamp, out string problem)
    {
        timestamp = default;
        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            problem = $"is not an RFC 3339 timestamp; write {Form}, e.g. \"2026-12-01T10:00:00Z\"";
            return false;
        }

        if (!DateTime.TryParseExact(match.Groups["local"].Value.Replace('t', 'T'), "yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            problem = "is not a real date and time (month 01-12, a day the month has, hour 00-23, minute and second 00-59)";
            return false;
        }

        var offset = Offset(match);
        if (offset.Duration() > TimeSpan.FromHours(14))
        {
            problem = "has an offset beyond ±14:00";
            return false;
        }

        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTimeOffset.MinValue.UtcTicks || utcTicks > DateTimeOffset.MaxValue.UtcTicks)
        {
            problem = "is outside the years 0001 to 9999 in UTC";
            return false;
        }

        var fraction = match.Groups["fraction"].Value.PadRight(9, '0');
        var nanoseconds = int.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture);
        var ticks = utcTicks + (nanoseconds / 100);
        if (ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            problem = "is outside the years 0001 to 9999 in UTC";
            return false;
        }

        timestamp = new FilterTimestamp(ticks, nanoseconds % 100 != 0);
        problem = "";
        return true;
    }

    private static TimeSpan Offset(Match match)
    {
        var zone = match.Groups["zone"].Value;
        if (zone is "Z" or "z")
        {
            return TimeSpan.Zero;
        }

        var hours = int.Parse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        var minutes = int.Parse(zone.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        var offset = new TimeSpan(hours, minutes, 0);
        return zone[0] == '-' ? -offset : offset;
    }

    // RFC 3339 allows a lower-case t and z; minutes of the offset 00-59; seconds up to nanoseconds here.
    [GeneratedRegex(@"^(?<local>[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.(?<fraction>[0-9]{1,9}))?(?<zone>[Zz]|[+-][0-9]{2}:[0-5][0-9])\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
