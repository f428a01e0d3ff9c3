using System.Globalization;
using CancelGateway.Providers.VertexAi.Internal;
using CancelGateway.V1;

namespace CancelGateway.Providers.VertexAi;

/// <summary>pipelineJobs.list: the runs of one <c>projects/{project}/locations/{location}</c>, newest first.</summary>
internal sealed partial class VertexAiProvider : IRunLister
{
    /// <summary>
    /// The page size asked for at most. ListPipelineJobsRequest.page_size documents no maximum;
    /// AIP-158 has a server lower a larger one to its own, so asking for more would gain nothing
    /// certain while pages of full jobs grow towards the reply cap.
    /// </summary>
    public const int ListPageLimit = 100;

    /// <summary>Newest first: the API's default order, said explicitly so paging never depends on a default.</summary>
    public const string ListOrderBy = "create_time desc";

    /// <summary>
    /// The fields each listed job carries: what a <see cref="RunSummary"/> needs, and of the large
    /// pipeline spec only its <c>pipelineInfo</c> (Google's SDK lists with the same path).
    /// </summary>
    public const string ListReadMask = "name,displayName,state,createTime,labels,pipelineSpec.pipelineInfo";

    public int MaxPageSize => ListPageLimit;

    public async Task<RunListPage> ListRunsAsync(RunScope scope, RunListQuery query, string? pageToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        if (scope.Provider != Provider.VertexAi)
        {
            throw new ArgumentException($"{scope.Text} is not a Vertex AI scope.", nameof(scope));
        }

        var location = scope[VertexRunNameForm.Location];
        var parent = $"projects/{scope[VertexRunNameForm.Project]}/locations/{location}";
        var what = $"listing the runs in {parent}";
        var uri = new Uri(_endpoint ?? RegionalEndpoint(location), $"v1/{parent}/pipelineJobs?{ListParameters(query, pageToken)}");
        var (response, refusal) = await SendAsync(HttpMethod.Get, uri, json: null, what, cancellationToken);
        if (refusal is { } error)
        {
            throw _http.Fail(VertexErrorMapper.ToException(error, what), what);
        }

        var page = _http.Read(response, VertexJsonContext.Default.ListPipelineJobsResponseJson, what);
        var runs = new List<RunSummary>(page.PipelineJobs?.Count ?? 0);
        var skipped = 0;
        string? firstSkipped = null;
        foreach (var job in page.PipelineJobs ?? [])
        {
            if (Summarize(job, scope) is { } run)
            {
                runs.Add(run);
            }
            else
            {
                skipped++;
                firstSkipped ??= _http.Secrets.Clean(job.Name) is { Length: > 0 } shown ? shown : "(no name)";
            }
        }

        if (firstSkipped is not null)
        {
            VertexAiLog.ListedRunsSkipped(_logger, parent, skipped, firstSkipped);
        }

        var next = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        VertexAiLog.RunsListed(_logger, parent, runs.Count, next is not null);
        return new RunListPage(runs, next);
    }

    /// <summary>
    /// The query string: the page, the order, the read mask, and the creation window as a filter
    /// (<c>create_time</c> supports <c>&gt;=</c> and <c>&lt;</c> with RFC 3339 values).
    /// </summary>
    internal static string ListParameters(RunListQuery query, string? pageToken)
    {
        var parameters = new List<(string Name, string Value)>
        {
            ("pageSize", query.PageSizeUpTo(ListPageLimit).ToString(CultureInfo.InvariantCulture)),
            ("orderBy", ListOrderBy),
            ("readMask", ListReadMask),
        };
        if (CreateTimeFilter(query) is { } filter)
        {
            parameters.Add(("filter", filter));
        }

        if (!string.IsNullOrEmpty(pageToken))
        {
            parameters.Add(("pageToken", pageToken));
        }

        return string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));
    }

    /// <summary>The AIP-160 filter of the creation window, or null when the query has none.</summary>
    internal static string? CreateTimeFilter(RunListQuery query)
    {
        var terms = new List<string>(2);
        if (query.CreatedAfter is { } after)
        {
            terms.Add($"create_time>=\"{Timestamp(after)}\"");
        }

        if (query.CreatedBefore is { } before)
        {
            terms.Add($"create_time<\"{Timestamp(before)}\"");
        }

        return terms.Count == 0 ? null : string.Join(" AND ", terms);
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A listed job as a summary; null when its name is not a run of the scope (it is skipped).</summary>
    private RunSummary? Summarize(PipelineJobJson job, RunScope scope)
    {
        if (!RunNameParser.TryParse(job.Name, out var name, out _) || !scope.Contains(name!))
        {
            return null;
        }

        var state = _http.Secrets.Clean(job.State) is { Length: > 0 } named ? named : VertexPipelineStates.Unspecified;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in job.Labels ?? [])
        {
            labels[_http.Secrets.Clean(key)] = _http.Secrets.Clean(value);
        }

        return new RunSummary(
            name!,
            VertexPipelineStates.ToRunState(state),
            state,
            Rfc3339.Parse(job.CreateTime),
            NullIfEmpty(_http.Secrets.Clean(job.DisplayName)),
            NullIfEmpty(_http.Secrets.Clean(job.PipelineSpec?.PipelineInfo?.Name)),
            labels);
    }

    private static string? NullIfEmpty(string text) => text.Length > 0 ? text : null;
}
