using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>
/// A ListPipelineJobsRequest read from the query string: <c>filter</c>, <c>pageSize</c>,
/// <c>pageToken</c>, <c>orderBy</c> and <c>readMask</c>, checked the way Google checks them.
/// Page tokens are opaque (base64) and bound to the parent, filter and order they were issued for
/// (AIP-158: a token used with other parameters is INVALID_ARGUMENT); they carry the
/// <see cref="VertexListPosition"/> the next page starts after.
/// </summary>
internal sealed record VertexListQuery(string Parent, string FilterText, VertexListFilter Filter, string OrderByText, IReadOnlyList<(string Field, bool Descending)> OrderBy, int PageSize, VertexListPosition? After, VertexReadMask ReadMask)
{
    /// <summary>
    /// The most jobs one page holds; a larger pageSize is lowered to it (AIP-158). The API's
    /// proto documents no maximum; 100 is this emulator's, and the gateway asks for no more.
    /// </summary>
    public const int MaxPageSize = 100;

    /// <summary>The page size when pageSize is absent or 0.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>"if order_by is not specified, it will order by default order is create time in descending order".</summary>
    public const string DefaultOrderBy = "create_time desc";

    private static readonly Dictionary<string, Func<VertexRunSnapshot, DateTimeOffset?>> OrderFields = new(StringComparer.Ordinal)
    {
        ["create_time"] = job => job.CreateTime,
        ["update_time"] = job => job.UpdateTime,
        ["end_time"] = job => job.EndTime,
        ["start_time"] = job => job.StartTime,
    };

    public static VertexListQuery Parse(string parent, IQueryCollection query)
    {
        var filterText = query["filter"].ToString();
        var orderByText = query["orderBy"].ToString() is { Length: > 0 } order ? order : query["order_by"].ToString();
        var pageSizeText = query["pageSize"].ToString() is { Length: > 0 } size ? size : query["page_size"].ToString();
        var pageToken = query["pageToken"].ToString() is { Length: > 0 } token ? token : query["page_token"].ToString();
        var readMask = query["readMask"].ToString() is { Length: > 0 } mask ? mask : query["read_mask"].ToString();

        var pageSize = DefaultPageSize;
        if (pageSizeText.Length > 0)
        {
            if (!int.TryParse(pageSizeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var asked))
            {
                throw VertexErrors.InvalidJson($"Invalid value at 'page_size' (TYPE_INT32), \"{pageSizeText}\"");
            }

            if (asked < 0)
            {
                throw VertexErrors.InvalidArgument("page_size", $"page_size must not be negative; got {asked}.");
            }

            pageSize = asked == 0 ? DefaultPageSize : Math.Min(asked, MaxPageSize);
        }

        var orderBy = ParseOrderBy(orderByText.Length > 0 ? orderByText : DefaultOrderBy);
        var after = pageToken.Length > 0 ? PositionOf(pageToken, parent, filterText, orderByText, orderBy.Count) : null;
        return new VertexListQuery(parent, filterText, VertexListFilter.Parse(filterText), orderByText, orderBy, pageSize, after, VertexReadMask.Parse(readMask));
    }

    /// <summary>
    /// Whether the order is <c>create_time</c> alone, the order the store keeps each parent's runs
    /// in; then <paramref name="descending"/> says which way.
    /// </summary>
    public bool IsCreationOrder(out bool descending)
    {
        (var creationOrder, descending) = OrderBy is [("create_time", var desc)] ? (true, desc) : (false, false);
        return creationOrder;
    }

    /// <summary>Whether <paramref name="job"/> comes after the token's position in this query's order (every job does on the first page).</summary>
    public bool IsPastToken(VertexRunSnapshot job)
    {
        if (After is not { } after)
        {
            return true;
        }

        for (var i = 0; i < OrderBy.Count; i++)
        {
            var (field, descending) = OrderBy[i];
            var compared = Comparer<DateTimeOffset?>.Default.Compare(OrderFields[field](job), after.Keys[i]);
            if (compared != 0)
            {
                return descending ? compared < 0 : compared > 0;
            }
        }

        return string.CompareOrdinal(job.Name, after.Name) > 0;
    }

    /// <summary>The jobs in this query's order (ties broken by name, so pages never overlap).</summary>
    public IEnumerable<VertexRunSnapshot> Sort(IEnumerable<VertexRunSnapshot> jobs)
    {
        IOrderedEnumerable<VertexRunSnapshot>? sorted = null;
        foreach (var (field, descending) in OrderBy)
        {
            var key = OrderFields[field];
            sorted = sorted is null
                ? descending ? jobs.OrderByDescending(key) : jobs.OrderBy(key)
                : descending ? sorted.ThenByDescending(key) : sorted.ThenBy(key);
        }

        return (sorted ?? jobs.OrderBy(job => 0)).ThenBy(job => job.Name, StringComparer.Ordinal);
    }

    /// <summary>The token of the page that follows <paramref name="last"/>, the last job of this page.</summary>
    public string TokenAfter(VertexRunSnapshot last)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(Parent);
            json.WriteStringValue(FilterText);
            json.WriteStringValue(OrderByText);
            json.WriteStringValue(last.Name);
            foreach (var (field, _) in OrderBy)
            {
                if (OrderFields[field](last) is { } time)
                {
                    json.WriteNumberValue(time.UtcTicks);
                }
                else
                {
                    json.WriteNullValue();
                }
            }

            json.WriteEndArray();
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    private static VertexListPosition PositionOf(string token, string parent, string filter, string orderBy, int keyCount)
    {
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(token));
            var parts = document.RootElement.EnumerateArray().ToList();
            if (parts.Count == 4 + keyCount
                && parts[0].GetString() == parent && parts[1].GetString() == filter && parts[2].GetString() == orderBy
                && parts[3].GetString() is { } name)
            {
                var keys = parts.Skip(4).Select(key => key.ValueKind == JsonValueKind.Null
                    ? (DateTimeOffset?)null
                    : new DateTimeOffset(key.GetInt64(), TimeSpan.Zero)).ToList();
                return new VertexListPosition(keys, name);
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            // Not base64, not JSON, or not the shape this emulator writes: the same answer as a token of another listing.
        }

        throw VertexErrors.InvalidArgument("page_token", "Invalid page token: it does not belong to a listing with this parent, filter and order_by.");
    }

    private static List<(string Field, bool Descending)> ParseOrderBy(string text)
    {
        var keys = new List<(string, bool)>();
        foreach (var part in text.Split(','))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var (field, descending) = words switch
            {
                [var f] => (f, false),
                [var f, "asc"] => (f, false),
                [var f, "desc"] => (f, true),
                _ => throw VertexErrors.InvalidArgument("order_by", $"Invalid order_by \"{text}\": expected comma-separated fields, each optionally followed by desc."),
            };

            if (!OrderFields.ContainsKey(field))
            {
                throw VertexErrors.InvalidArgument("order_by", $"Invalid order_by field \"{field}\": supported fields are create_time, update_time, end_time and start_time.");
            }

            keys.Add((field, descending));
        }

        return keys;
    }
}
