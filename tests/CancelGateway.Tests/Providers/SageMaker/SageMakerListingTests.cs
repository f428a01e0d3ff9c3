using CancelGateway.Emulators.SageMaker;
using CancelGateway.Providers;
using CancelGateway.Providers.SageMaker;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Providers.SageMaker;

/// <summary>The adapter's ListPipelineExecutions against the SageMaker emulator, signed, through the real HTTP stack.</summary>
public sealed class SageMakerListingTests
{
    private static readonly (SageMakerExecutionStatus Seeded, RunState Listed)[] Mixed =
    [
        (SageMakerExecutionStatus.Executing, RunState.Running),
        (SageMakerExecutionStatus.Succeeded, RunState.Succeeded),
        (SageMakerExecutionStatus.Failed, RunState.Failed),
        (SageMakerExecutionStatus.Stopped, RunState.Cancelled),
    ];

    [Fact]
    public async Task ListRunsAsync_300ExecutionsInMixedStates_PagedThroughNewestFirst()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var seeded = Seed(h, 300);
        h.Emulator.AddExecution("arn:aws:sagemaker:us-east-1:123456789012:pipeline/other-pipeline/execution/other1");

        var (runs, pages) = await ListAllAsync(h, new RunListQuery(null, null, 100));

        Assert.Equal(3, pages);
        Assert.Equal(3, h.Emulator.ListCalls(SageMakerHarness.Pipeline));
        Assert.Equal(seeded.Keys.OrderByDescending(n => seeded[n].Created), runs.Select(r => r.Name.Text));
        foreach (var run in runs)
        {
            var (state, created) = seeded[run.Name.Text];
            Assert.Equal(state, run.State);
            Assert.Equal(created, run.CreateTime);
            Assert.Equal("train-pipeline", run.PipelineName);
            Assert.Equal("execution-" + run.Name["execution"], run.DisplayName);
            Assert.Empty(run.Labels);
        }

        Assert.Empty(h.UnexpectedErrors());
    }

    [Fact]
    public async Task ListRunsAsync_CreationWindow_NarrowedByTheServerIncludingItsStart()
    {
        await using var h = await SageMakerHarness.StartAsync();
        Seed(h, 300);
        var now = h.Clock.GetUtcNow();
        var query = new RunListQuery(now.AddMinutes(-120), now.AddMinutes(-60), 100);

        var (runs, pages) = await ListAllAsync(h, query);

        // Minutes 61..120 ago: the run created exactly at the window's start is in it.
        Assert.Equal(1, pages);
        Assert.Equal(60, runs.Count);
        Assert.Contains(runs, run => run.CreateTime == query.CreatedAfter);
        Assert.All(runs, run => Assert.InRange(run.CreateTime!.Value, query.CreatedAfter!.Value, query.CreatedBefore!.Value.AddTicks(-1)));
    }

    [Fact]
    public async Task ListRunsAsync_PipelineThatDoesNotExist_NotFound()
    {
        await using var h = await SageMakerHarness.StartAsync();
        Seed(h, 1);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.ListRunsAsync(Scope("arn:aws:sagemaker:us-east-1:123456789012:pipeline/missing"), new RunListQuery(null, null, 10), null, CancellationToken.None)).Within();

        Assert.Equal(ProviderFailureKind.NotFound, ex.Kind);
        Assert.Equal(StatusCode.NotFound, ex.Code);
        Assert.Equal("ResourceNotFound", ex.ProviderCode);
        Assert.Contains("pipeline/missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRunsAsync_ServiceUnavailable_TransientFailure()
    {
        await using var h = await SageMakerHarness.StartAsync();
        Seed(h, 5);
        h.Emulator.Faults.FailureRate = 1;
        h.Emulator.Faults.ThrottleShare = 1;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.ListRunsAsync(Scope(SageMakerHarness.Pipeline), new RunListQuery(null, null, 10), null, CancellationToken.None)).Within();

        Assert.Equal(ProviderFailureKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task ListRunsAsync_ScopeOfAnotherProvider_ArgumentException()
    {
        await using var h = await SageMakerHarness.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => h.Provider.ListRunsAsync(Scope("projects/p/locations/us-central1"), new RunListQuery(null, null, 10), null, CancellationToken.None)).Within();
    }

    [Fact]
    public void ListRequest_Window_StartOneMillisecondEarlierNewestFirstCappedPage()
    {
        var after = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var before = after.AddHours(1);

        var request = SageMakerProvider.ListRequest(Scope(SageMakerHarness.Pipeline), new RunListQuery(after, before, 1000), "next");

        Assert.Equal(SageMakerHarness.Pipeline, request.PipelineName);
        Assert.Equal((after.ToUnixTimeMilliseconds() - 1) / 1000m, request.CreatedAfter);
        Assert.Equal(before.ToUnixTimeMilliseconds() / 1000m, request.CreatedBefore);
        Assert.Equal(("CreationTime", "Descending", 100, "next"), (request.SortBy, request.SortOrder, request.MaxResults, request.NextToken));
    }

    private static Dictionary<string, (RunState State, DateTimeOffset Created)> Seed(SageMakerHarness h, int count)
    {
        var seeded = new Dictionary<string, (RunState, DateTimeOffset)>(StringComparer.Ordinal);
        var now = h.Clock.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var (status, listed) = Mixed[i % Mixed.Length];
            var created = now.AddMinutes(-i);
            var run = h.Add($"listed{i:D4}", b => b.InStatus(status).CreatedAt(created));
            seeded[run.Text] = (listed, created);
        }

        return seeded;
    }

    private static async Task<(List<RunSummary> Runs, int Pages)> ListAllAsync(SageMakerHarness h, RunListQuery query)
    {
        var runs = new List<RunSummary>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await h.Provider.ListRunsAsync(Scope(SageMakerHarness.Pipeline), query, token, CancellationToken.None).Within();
            runs.AddRange(page.Runs);
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null && pages < 10);

        return (runs, pages);
    }

    private static RunScope Scope(string text) =>
        RunScopeParser.TryParse(text, out var scope, out var error) ? scope! : throw new ArgumentException(error, nameof(text));
}
