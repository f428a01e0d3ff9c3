using System.Text.Json;
using CancelGateway.Providers.SageMaker.Internal;
using CancelGateway.V1;

namespace CancelGateway.Providers.SageMaker;

/// <summary>ListPipelineExecutions: the executions of one pipeline (named by its ARN), newest first.</summary>
internal sealed partial class SageMakerProvider : IRunLister
{
    /// <summary>MaxResults' maximum in SageMaker's service model (shape MaxResults: 1 to 100).</summary>
    public const int ListPageLimit = 100;

    /// <summary>SortPipelineExecutionsBy's value for the creation time (the model's default sort field).</summary>
    public const string ListSortBy = "CreationTime";

    public const string ListSortOrder = "Descending";

    public int MaxPageSize => ListPageLimit;

    public async Task<RunListPage> ListRunsAsync(RunScope scope, RunListQuery query, string? pageToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        if (scope.Provider != Provider.Sagemaker)
        {
            throw new ArgumentException($"{scope.Text} is not a SageMaker pipeline ARN.", nameof(scope));
        }

        var what = $"listing the executions of {scope.Text}";
        var body = JsonSerializer.SerializeToUtf8Bytes(ListRequest(scope, query, pageToken), SageMakerJsonContext.Default.ListExecutionsRequestJson);
        var (response, refusal) = await SendAsync("ListPipelineExecutions", body, scope[SageMakerRunNameForm.Partition], scope[SageMakerRunNameForm.Region], what, cancellationToken);
        if (refusal is { } error)
        {
            throw _http.Fail(SageMakerErrorMapper.ToException(error, what), what);
        }

        var page = _http.Read(response, SageMakerJsonContext.Default.ListExecutionsResponseJson, what);
        var runs = new List<RunSummary>(page.PipelineExecutionSummaries?.Count ?? 0);
        var skipped = 0;
        string? firstSkipped = null;
        foreach (var summary in page.PipelineExecutionSummaries ?? [])
        {
            if (Summarize(summary, scope) is { } run)
            {
                runs.Add(run);
            }
            else
            {
                skipped++;
                firstSkipped ??= _http.Secrets.Clean(summary.PipelineExecutionArn) is { Length: > 0 } shown ? shown : "(no ARN)";
            }
        }

        if (firstSkipped is not null)
        {
            SageMakerLog.ListedRunsSkipped(_logger, scope.Text, skipped, firstSkipped);
        }

        var next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        SageMakerLog.RunsListed(_logger, scope.Text, runs.Count, next is not null);
        return new RunListPage(runs, next);
    }

    /// <summary>
    /// The request: the pipeline ARN, newest first, the page, and the creation window. The model
    /// says CreatedAfter returns executions "created after" the time; the gateway's window includes
    /// its start, so the bound sent is a millisecond earlier. Timestamps travel in milliseconds, so
    /// CreatedBefore is rounded up: a window never loses a run to rounding (the gateway filters
    /// what comes back).
    /// </summary>
    internal static ListExecutionsRequestJson ListRequest(RunScope scope, RunListQuery query, string? pageToken) => new()
    {
        PipelineName = scope.Text,
        CreatedAfter = query.CreatedAfter is { } after ? EpochSeconds(after.AddMilliseconds(-1)) : null,
        CreatedBefore = query.CreatedBefore is { } before ? EpochSeconds(before.AddTicks(TimeSpan.TicksPerMillisecond - 1)) : null,
        SortBy = ListSortBy,
        SortOrder = ListSortOrder,
        NextToken = string.IsNullOrEmpty(pageToken) ? null : pageToken,
        MaxResults = query.PageSizeUpTo(ListPageLimit),
    };

    private static decimal EpochSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000m;

    /// <summary>A listed execution as a summary; null when its ARN is not an execution of the scope (it is skipped).</summary>
    private RunSummary? Summarize(PipelineExecutionSummaryJson summary, RunScope scope)
    {
        if (!RunNameParser.TryParse(summary.PipelineExecutionArn, out var name, out _) || !scope.Contains(name!))
        {
            return null;
        }

        var status = _http.Secrets.Clean(summary.PipelineExecutionStatus);
        var displayName = _http.Secrets.Clean(summary.PipelineExecutionDisplayName);
        return new RunSummary(
            name!,
            SageMakerExecutionStatuses.ToRunState(status),
            status.Length > 0 ? status : "(none)",
            FromEpochSeconds(summary.StartTime),
            displayName.Length > 0 ? displayName : null,
            scope[SageMakerRunNameForm.Pipeline],
            new Dictionary<string, string>(StringComparer.Ordinal));
    }
}
