using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>
/// A ListPipelineJobsRequest read from the query string: <c>filter</c>, <c>pageSize</c>,
/// <c>pageToken</c>, <c>orderBy</c> and <c>readMask</c>, checked the way Google checks them.
/// Page tokens are opaque (base64) and bound to the parent, filter and order they were issued for
/// (AIP-158: a token used with other parameters is INVALID_ARGUMENT).
/// </summary>
internal sealed record VertexListQuery(string Parent, string FilterText, VertexListFilter Filter, string OrderByText, IReadOnlyList<(string Field, bool Descending)> OrderBy, int PageSize, int Offset, VertexReadMask ReadMask)
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
        var offset = pageToken.Length > 0 ? OffsetOf(pageToken, parent, filterText, orderByText) : 0;
        return new VertexListQuery(parent, filterText, VertexListFilter.Parse(filterText), orderByText, orderBy, pageSize, offset, VertexReadMask.Parse(readMask));
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

    /// <summary>The token of the page that starts at <paramref name="offset"/>.</summary>
    public string TokenAt(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\n', Parent, FilterText, OrderByText, offset.ToString(CultureInfo.InvariantCulture))));

    private static int OffsetOf(string token, string parent, string filter, string orderBy)
    {
        try
        {
            if (Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n') is [var p, var f, var o, var n]
                && p == parent && f == filter && o == orderBy
                && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Not base64: the same answer as a token of another listing.
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
