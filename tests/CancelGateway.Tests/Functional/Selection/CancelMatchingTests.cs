using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Functional.Selection;

/// <summary>
/// CancelMatching through the real host over three listing providers: a dry run pins the runs a
/// filter matches across scopes of all three providers (300 runs each, listed over many pages),
/// and the request with its token cancels exactly those, reporting what changed in between.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed partial class CancelMatchingTests
{
    private const int RunsPerScope = 300;
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    // Runs 100-199 of each scope (one a minute) are created inside the window.
    private static readonly string Window = $"create_time >= \"{Start.AddMinutes(100):yyyy-MM-ddTHH:mm:ssZ}\" AND create_time < \"{Start.AddMinutes(200):yyyy-MM-ddTHH:mm:ssZ}\"";
    private static readonly string RunningInWindow = $"state = RUNNING AND {Window}";

    [Fact]
    public async Task CancelMatching_DryRunThenToken_CancelsExactlyThePinnedRunsOverThreeProviders()
    {
        await using var gateway = await ListingGateway.StartAsync();
        var expected = Seed(gateway);

        var dryRun = await gateway.Client.CancelMatchingAsync(Request(dryRun: true, maxRuns: 500)).Within();

        Assert.True(dryRun.Done);
        var listed = dryRun.Response.Unpack<BatchCancelResponse>();
        Assert.Equal(expected, listed.Matches.Select(m => m.Name));
        Assert.All(listed.Matches, m => Assert.Equal(RunState.Running, m.State));
        Assert.All(listed.Matches, m => Assert.InRange(m.CreateTime.ToDateTimeOffset(), Start.AddMinutes(100), Start.AddMinutes(199)));
        Assert.Equal(3, listed.Matches.Select(m => m.Provider).Distinct().Count());
        Assert.NotEmpty(listed.SelectionToken);
        Assert.Equal(0, gateway.Stops);
        Assert.All(gateway.Providers.Values, p => Assert.True(p.ListCalls > 1, $"{p.Provider} was listed in {p.ListCalls} page(s); paging was not exercised."));
        Assert.Equal(dryRun, await gateway.Client.GetOperationAsync(dryRun.Name).Within());

        // Between the dry run and the real request one pinned run ends and a new one starts matching.
        var ended = expected.First(name => name.StartsWith(ListingGateway.VertexScope, StringComparison.Ordinal));
        gateway.Vertex.SetState(ended, RunState.Succeeded);
        var newcomer = $"{ListingGateway.SageMakerScope}/execution/newcomer";
        gateway.SageMaker.Add(newcomer, RunState.Running, Start.AddMinutes(150));

        var pending = await gateway.Client.CancelMatchingAsync(Request(maxRuns: 500, token: listed.SelectionToken)).Within();
        var done = await gateway.Client.WaitDoneAsync(pending.Name, TimeSpan.FromSeconds(60)).Within();

        var metadata = done.Metadata.Unpack<BatchCancelOperationMetadata>();
        var selection = metadata.Selection;
        var outOfScope = Assert.Single(selection.OutOfScope);
        Assert.Equal(ended, outOfScope.Name);
        Assert.Equal(OutOfScopeRun.Types.Why.Ended, outOfScope.Why);
        Assert.Equal(RunState.Succeeded, outOfScope.State);
        Assert.Equal(1, selection.NewMatchesNotAdded);
        Assert.Equal(listed.SelectionToken, selection.SelectionToken);
        var cancelled = expected.Where(name => name != ended).ToList();
        Assert.Equal(cancelled, metadata.Items.Select(i => i.Run));
        var response = done.Response.Unpack<BatchCancelResponse>();
        Assert.Empty(response.FailedRequests);
        Assert.Equal(cancelled, response.Results.Select(r => r.Run).Order(StringComparer.Ordinal));
        Assert.All(response.Results, r => Assert.Equal(RunState.Cancelled, r.FinalState));
        Assert.Equal(cancelled, gateway.Providers.Values.SelectMany(p => p.Stops).Order(StringComparer.Ordinal));
        Assert.Equal(RunState.Running, gateway.SageMaker.StateOf(newcomer));
        Assert.Equal(RunState.Succeeded, gateway.Vertex.StateOf(ended));
        gateway.AssertNoErrorLogs();
    }

    [Fact]
    public async Task CancelMatching_WithoutToken_CancelsWhatMatchesNow()
    {
        await using var gateway = await ListingGateway.StartAsync();
        var expected = Seed(gateway);

        var pending = await gateway.Client.CancelMatchingAsync(Request(maxRuns: 500)).Within();
        var done = await gateway.Client.WaitDoneAsync(pending.Name, TimeSpan.FromSeconds(60)).Within();

        var response = done.Response.Unpack<BatchCancelResponse>();
        Assert.Equal(expected, response.Results.Select(r => r.Run).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Count, done.Metadata.Unpack<BatchCancelOperationMetadata>().Selection.Matched);
        Assert.Equal(expected, gateway.Providers.Values.SelectMany(p => p.Stops).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CancelMatching_MaxRunsBelowMatchCount_IsFailedPreconditionAndStopsNothing()
    {
        await using var gateway = await ListingGateway.StartAsync();
        var expected = Seed(gateway);

        var failure = await GatewayClient.FailureOf(() => gateway.Client.CancelMatchingAsync(Request(maxRuns: expected.Count - 1)));

        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        var info = failure.GetDetail<ErrorInfo>()!;
        Assert.Equal("TOO_MANY_MATCHES", info.Reason);
        Assert.Equal(expected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), info.Metadata["matched"]);
        Assert.Contains($"{expected.Count} runs match", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, gateway.Stops);
        Assert.Empty((await gateway.Client.ListOperationsAsync().Within()).Operations);
    }

    [Theory]
    [InlineData("colour = \"red\"", 0)]
    [InlineData("state = RUNNING AND create_time > \"yesterday\"", 34)]
    [InlineData("state = RUNNING AND display_name = \"nightly", 35)]
    public async Task CancelMatching_BadFilter_IsInvalidArgumentNamingThePosition(string filter, int position)
    {
        await using var gateway = await ListingGateway.StartAsync();

        var failure = await GatewayClient.FailureOf(() => gateway.Client.CancelMatchingAsync(new CancelMatchingRequest { Scopes = { ListingGateway.VertexScope }, Filter = filter, DryRun = true }));

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        var violation = Assert.Single(failure.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("filter", violation.Field);
        Assert.StartsWith($"at {position}:", violation.Description, StringComparison.Ordinal);
        Assert.Equal(0, gateway.Vertex.ListCalls);
    }

    [Fact]
    public async Task CancelMatching_BadScopes_AreInvalidArgumentNamingEachIndex()
    {
        await using var gateway = await ListingGateway.StartAsync();

        var failure = await GatewayClient.FailureOf(() => gateway.Client.CancelMatchingAsync(new CancelMatchingRequest
        {
            Scopes = { ListingGateway.VertexScope, "projects/sel", ListingGateway.VertexScope },
            DryRun = true,
        }));

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("INVALID_SCOPE", failure.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal(["scopes[1]", "scopes[2]"], failure.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
        Assert.Equal(0, gateway.Vertex.ListCalls);
    }

    [Fact]
    public async Task CancelMatching_ScopeOfUnconfiguredProvider_IsFailedPrecondition()
    {
        await using var gateway = await ListingGateway.StartAsync(providers: [V1.Provider.VertexAi]);

        var failure = await GatewayClient.FailureOf(() => gateway.Client.CancelMatchingAsync(new CancelMatchingRequest { Scopes = { ListingGateway.VertexScope, ListingGateway.CodeArtsScope }, DryRun = true }));

        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        var info = failure.GetDetail<ErrorInfo>()!;
        Assert.Equal("PROVIDER_NOT_CONFIGURED", info.Reason);
        Assert.Equal(ListingGateway.CodeArtsScope, info.Metadata["scope"]);
        Assert.Equal(0, gateway.Vertex.ListCalls);
    }

    [Fact]
    public async Task CancelMatching_ScopeOverTheListingBound_IsScopeTooLargeAndStopsNothing()
    {
        await using var gateway = await ListingGateway.StartAsync(new Dictionary<string, string> { ["Engine:MaxListedRunsPerScope"] = "50" });
        Seed(gateway);

        var failure = await GatewayClient.FailureOf(() => gateway.Client.CancelMatchingAsync(Request(maxRuns: 500)));

        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        Assert.Equal("SCOPE_TOO_LARGE", failure.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal(0, gateway.Stops);
        Assert.True(gateway.Vertex.ListCalls <= 3, $"Vertex AI was listed {gateway.Vertex.ListCalls} times past the bound.");
    }

    [Fact]
    public async Task CancelMatching_TransientListFailures_AreRetried()
    {
        await using var gateway = await ListingGateway.StartAsync();
        var expected = Seed(gateway);
        gateway.CodeArts.TransientListFailures = 2;

        var dryRun = await gateway.Client.CancelMatchingAsync(Request(dryRun: true, maxRuns: 500)).Within();

        Assert.Equal(expected, dryRun.Response.Unpack<BatchCancelResponse>().Matches.Select(m => m.Name));
    }

    /// <summary>
    /// 300 runs per scope, one a minute from <see cref="Start"/>, cycling through five states,
    /// plus a running run in the window under another Vertex AI location (outside every scope).
    /// Returns the names that are RUNNING and created in the window, sorted.
    /// </summary>
    internal static List<string> Seed(ListingGateway gateway)
    {
        RunState[] states = [RunState.Running, RunState.Succeeded, RunState.Running, RunState.Failed, RunState.Queued];
        var expected = new List<string>();
        foreach (var (provider, scope, suffix) in new[]
        {
            (gateway.Vertex, ListingGateway.VertexScope, "/pipelineJobs/job-"),
            (gateway.SageMaker, ListingGateway.SageMakerScope, "/execution/e"),
            (gateway.CodeArts, ListingGateway.CodeArtsScope, "/runs/r"),
        })
        {
            for (var i = 0; i < RunsPerScope; i++)
            {
                var name = $"{scope}{suffix}{i:D3}";
                provider.Add(name, states[i % states.Length], Start.AddMinutes(i));
                if (i is >= 100 and < 200 && states[i % states.Length] == RunState.Running)
                {
                    expected.Add(name);
                }
            }
        }

        gateway.Vertex.Add("projects/sel/locations/europe-west4/pipelineJobs/elsewhere", RunState.Running, Start.AddMinutes(150));
        return [.. expected.Order(StringComparer.Ordinal)];
    }

    internal static CancelMatchingRequest Request(bool dryRun = false, int maxRuns = 0, string token = "", string? filter = null, string requestId = "") => new()
    {
        Scopes = { ListingGateway.VertexScope, ListingGateway.SageMakerScope, ListingGateway.CodeArtsScope },
        Filter = filter ?? RunningInWindow,
        DryRun = dryRun,
        MaxRuns = maxRuns,
        SelectionToken = token,
        RequestId = requestId,
        Reason = "runaway trigger",
    };
}
