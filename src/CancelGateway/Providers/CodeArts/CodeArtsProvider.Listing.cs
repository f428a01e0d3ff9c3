using System.Globalization;
using System.Text.Json;
using CancelGateway.Providers.CodeArts.Internal;
using CancelGateway.V1;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// ListPipelineRuns: the runs of one pipeline, newest start first, paged by offset and limit. The
/// page token handed to the caller is the next page's offset, as text.
/// </summary>
internal sealed partial class CodeArtsProvider : IRunLister
{
    /// <summary>
    /// The page size asked for at most. Huawei's SDK documents <c>limit</c> only as "at least 0",
    /// with no maximum; the gateway stays at 100 and pages on the number of runs that came back,
    /// so a service that serves fewer per page is still paged through.
    /// </summary>
    public const int ListPageLimit = 100;

    public int MaxPageSize => ListPageLimit;

    public async Task<RunListPage> ListRunsAsync(RunScope scope, RunListQuery query, string? pageToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        if (scope.Provider != Provider.Codearts)
        {
            throw new ArgumentException($"{scope.Text} is not a CodeArts pipeline.", nameof(scope));
        }

        var offset = OffsetOf(pageToken);
        var what = $"listing the runs of {scope.Text}";
        var body = JsonSerializer.SerializeToUtf8Bytes(ListRequest(query, offset), CodeArtsJsonContext.Default.ListPipelineRunsRequestJson);
        var (response, refusal) = await SendAsync(HttpMethod.Post, ListUri(scope), scope[CodeArtsRunNameForm.Region], scope[CodeArtsRunNameForm.Project], body, what, cancellationToken);
        if (refusal is { } error)
        {
            throw _http.Fail(CodeArtsErrorMapper.ToException(error, what, _authenticator.Mode), what);
        }

        var page = _http.Read(response, CodeArtsJsonContext.Default.ListPipelineRunsResponseJson, what);
        var listed = page.PipelineRuns ?? [];
        var runs = new List<RunSummary>(listed.Count);
        var skipped = 0;
        string? firstSkipped = null;
        foreach (var item in listed)
        {
            if (Summarize(item, scope) is { } run)
            {
                runs.Add(run);
            }
            else
            {
                skipped++;
                firstSkipped ??= _http.Secrets.Clean(item.PipelineRunId) is { Length: > 0 } shown ? shown : "(no pipeline_run_id)";
            }
        }

        if (firstSkipped is not null)
        {
            CodeArtsLog.ListedRunsSkipped(_logger, scope.Text, skipped, firstSkipped);
        }

        // An empty page ends the listing; so does reaching the total, when the answer gives one.
        var nextOffset = offset + listed.Count;
        var more = listed.Count > 0 && (page.Total is { } total ? nextOffset < total : listed.Count >= ListRequest(query, offset).Limit);
        CodeArtsLog.RunsListed(_logger, scope.Text, runs.Count, more);
        return new RunListPage(runs, more ? nextOffset.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>
    /// The body: the page, newest start first, and the start of the creation window as
    /// <c>start_time</c> (runs that started at or after it). The window's end is not sent: the SDK
    /// names <c>end_time</c> "the pipeline's end time", and if the service read it as the run's
    /// end it would leave out the runs still going, which are the ones to cancel; the gateway
    /// filters what comes back anyway.
    /// </summary>
    internal static ListPipelineRunsRequestJson ListRequest(RunListQuery query, long offset) => new()
    {
        StartTime = query.CreatedAfter is { } after ? after.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : null,
        Offset = offset,
        Limit = query.PageSizeUpTo(ListPageLimit),
        SortKey = "start_time",
        SortDir = "desc",
    };

    private static long OffsetOf(string? pageToken) =>
        string.IsNullOrEmpty(pageToken) ? 0
        : long.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset
        : throw new ArgumentException("A CodeArts page token is the offset a previous page returned.", nameof(pageToken));

    /// <summary>A listed run as a summary; null when it is not a run of the scope or has no usable ID (it is skipped).</summary>
    private RunSummary? Summarize(PipelineRunSummaryJson item, RunScope scope)
    {
        var pipeline = item.PipelineId is { Length: > 0 } listedPipeline ? listedPipeline : scope[CodeArtsRunNameForm.Pipeline];
        var text = $"codearts/regions/{scope[CodeArtsRunNameForm.Region]}/projects/{scope[CodeArtsRunNameForm.Project]}/pipelines/{pipeline}/runs/{item.PipelineRunId}";
        if (string.IsNullOrEmpty(item.PipelineRunId) || !RunNameParser.TryParse(text, out var name, out _) || !scope.Contains(name!))
        {
            return null;
        }

        var status = _http.Secrets.Clean(item.Status);
        var started = item.StartTime is { ValueKind: JsonValueKind.Number } start && start.TryGetInt64(out var ms) && ms > 0 && ms < DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : (DateTimeOffset?)null;

        // A run's list entry has no display name and no pipeline name, only IDs.
        return new RunSummary(name!, CodeArtsRunStatuses.ToRunState(status), status.Length > 0 ? status : "(none)", started, null, null, new Dictionary<string, string>(StringComparer.Ordinal));
    }
}
