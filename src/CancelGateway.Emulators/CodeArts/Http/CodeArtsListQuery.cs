using System.Globalization;
using System.Text.Json;

namespace CancelGateway.Emulators.CodeArts.Http;

/// <summary>
/// A ListPipelineRuns body (ListPipelineRunsQuery in Huawei's SDK): <c>status</c> (a list of
/// statuses), <c>start_time</c> and <c>end_time</c> (a time window on the run's start, each a
/// millisecond timestamp or <c>yyyy-MM-dd HH:mm:ss</c>, read here as UTC), <c>offset</c> and
/// <c>limit</c> (at least 0), <c>sort_key</c> (<c>start_time</c> or <c>update_time</c>) and
/// <c>sort_dir</c> (<c>asc</c> or <c>desc</c>). Anything else malformed is 400.
/// </summary>
internal sealed record CodeArtsListQuery(IReadOnlySet<CodeArtsRunStatus>? Statuses, DateTimeOffset? From, DateTimeOffset? To, int Offset, int Limit, string SortKey, bool Descending)
{
    /// <summary>
    /// The most runs one page holds: the SDK documents no maximum for <c>limit</c>, so this is the
    /// emulator's, and the response's <c>limit</c> says what was applied.
    /// </summary>
    public const int MaxLimit = 100;

    /// <summary>The page size when <c>limit</c> is absent or 0.</summary>
    public const int DefaultLimit = 10;

    public static CodeArtsListQuery Parse(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        }
        catch (JsonException)
        {
            throw CodeArtsErrors.InvalidParameter("The request body is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw CodeArtsErrors.InvalidParameter("The request body must be a JSON object.");
            }

            var limit = Count(root, "limit") ?? 0;
            var sortKey = Text(root, "sort_key") ?? "start_time";
            if (sortKey is not ("start_time" or "update_time"))
            {
                throw CodeArtsErrors.InvalidParameter($"sort_key must be start_time or update_time, not {sortKey}.");
            }

            var sortDir = Text(root, "sort_dir") ?? "desc";
            if (sortDir is not ("asc" or "desc"))
            {
                throw CodeArtsErrors.InvalidParameter($"sort_dir must be asc or desc, not {sortDir}.");
            }

            return new CodeArtsListQuery(
                ReadStatuses(root),
                Time(root, "start_time"),
                Time(root, "end_time"),
                Count(root, "offset") ?? 0,
                limit == 0 ? DefaultLimit : Math.Min(limit, MaxLimit),
                sortKey,
                sortDir == "desc");
        }
    }

    /// <summary>Whether <paramref name="run"/> is in the status list and the window (both ends included).</summary>
    public bool Matches(CodeArtsRunSnapshot run) =>
        (Statuses is null || Statuses.Contains(run.Status)) && (From is null || run.StartTime >= From) && (To is null || run.StartTime <= To);

    /// <summary>The key the runs are sorted by: the start, or the last change (the end, for an ended run).</summary>
    public DateTimeOffset SortValue(CodeArtsRunSnapshot run) =>
        SortKey == "update_time" ? run.EndTime ?? run.StopRequestedAt ?? run.StartTime : run.StartTime;

    private static HashSet<CodeArtsRunStatus>? ReadStatuses(JsonElement root)
    {
        if (!root.TryGetProperty("status", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw CodeArtsErrors.InvalidParameter("status must be a list of statuses.");
        }

        var statuses = new HashSet<CodeArtsRunStatus>();
        foreach (var item in list.EnumerateArray())
        {
            var word = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            var status = Enum.GetValues<CodeArtsRunStatus>().Where(s => s.ToWireName() == word).Select(s => (CodeArtsRunStatus?)s).FirstOrDefault()
                ?? throw CodeArtsErrors.InvalidParameter($"status {item} is not one of COMPLETED, RUNNING, FAILED, CANCELED, PAUSED, SUSPEND, IGNORED.");
            statuses.Add(status);
        }

        return statuses.Count == 0 ? null : statuses;
    }

    private static DateTimeOffset? Time(JsonElement root, string name)
    {
        var text = Text(root, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms < 253402300800000)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw CodeArtsErrors.InvalidParameter($"{name} must be a millisecond timestamp or yyyy-MM-dd HH:mm:ss, not {text}.");
    }

    private static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw CodeArtsErrors.InvalidParameter($"{name} must be a string.");

    private static int? Count(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0
            ? number
            : throw CodeArtsErrors.InvalidParameter($"{name} must be a whole number of at least 0.");
    }
}
