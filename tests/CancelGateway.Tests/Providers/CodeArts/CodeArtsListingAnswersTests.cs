using System.Globalization;
using System.Net;
using System.Text.Json;
using CancelGateway.Providers;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Providers.CodeArts;

/// <summary>ListPipelineRuns answers the emulator never gives: smaller pages than asked, entries the gateway cannot name.</summary>
public sealed class CodeArtsListingAnswersTests
{
    private static readonly string Project = new('p', 32);
    private static readonly string Pipeline = new('l', 32);

    [Fact]
    public async Task ListRunsAsync_ServiceServesFewerThanAsked_PagedOnWhatCameBack()
    {
        // A service that serves 20 runs a page whatever the limit, 45 in all.
        var stub = new StubHttpMessageHandler(request =>
        {
            using var body = JsonDocument.Parse(request.Body!);
            var offset = body.RootElement.GetProperty("offset").GetInt32();
            var runs = Enumerable.Range(offset, Math.Clamp(45 - offset, 0, 20))
                .Select(i => $$"""{"pipeline_id":"{{Pipeline}}","pipeline_run_id":"run{{i:D29}}","status":"RUNNING","start_time":{{1767323045000L - (i * 1000L)}}}""");
            return StubHttpMessageHandler.Json(HttpStatusCode.OK, $$"""{"offset":{{offset}},"limit":20,"total":45,"pipeline_runs":[{{string.Join(',', runs)}}]}""");
        });
        var (provider, services, _) = CodeArtsStubbed.Create(stub);
        await using var disposeServices = services;

        var seen = new List<RunSummary>();
        var tokens = new List<string?>();
        string? token = null;
        do
        {
            var page = await provider.ListRunsAsync(Scope(), new RunListQuery(null, null, 100), token, CancellationToken.None).Within();
            seen.AddRange(page.Runs);
            token = page.NextPageToken;
            tokens.Add(token);
        }
        while (token is not null && tokens.Count < 10);

        Assert.Equal(["20", "40", null], tokens);
        Assert.Equal(45, seen.Select(r => r.Name.Text).Distinct().Count());
        Assert.All(stub.Requests, r => Assert.Equal(100, JsonDocument.Parse(r.Body!).RootElement.GetProperty("limit").GetInt32()));
    }

    [Fact]
    public async Task ListRunsAsync_RunsTheGatewayCannotName_SkippedAndLoggedOnce()
    {
        var body = $$"""
            {"offset":0,"limit":100,"total":4,"pipeline_runs":[
              {"pipeline_id":"{{Pipeline}}","pipeline_run_id":"{{new string('a', 32)}}","status":"SUSPEND","start_time":1767323045000},
              {"pipeline_id":"{{Pipeline}}","pipeline_run_id":"not-an-id!","status":"RUNNING"},
              {"pipeline_id":"{{new string('o', 32)}}","pipeline_run_id":"{{new string('b', 32)}}","status":"RUNNING"},
              {"status":"FAILED"}
            ]}
            """;
        var stub = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, body));
        var (provider, services, logs) = CodeArtsStubbed.Create(stub);
        await using var disposeServices = services;
        var after = DateTimeOffset.FromUnixTimeMilliseconds(1767320000123);

        var page = await provider.ListRunsAsync(Scope(), new RunListQuery(after, null, 50), null, CancellationToken.None).Within();

        var run = Assert.Single(page.Runs);
        Assert.Equal((RunState.Paused, "SUSPEND"), (run.State, run.ProviderState));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767323045000), run.CreateTime);
        Assert.Null(page.NextPageToken);
        var skipped = Assert.Single(logs.Entries, e => e.EventId.Id == 2210);
        Assert.Contains("3 run(s)", skipped.Message, StringComparison.Ordinal);

        var request = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.EndsWith($"/v5/{Project}/api/pipelines/{Pipeline}/pipeline-runs/list", request.Uri.AbsolutePath, StringComparison.Ordinal);
        using var sent = JsonDocument.Parse(request.Body!);
        Assert.Equal(after.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), sent.RootElement.GetProperty("start_time").GetString());
        Assert.False(sent.RootElement.TryGetProperty("end_time", out _));
    }

    private static RunScope Scope() =>
        RunScopeParser.TryParse($"codearts/regions/cn-north-4/projects/{Project}/pipelines/{Pipeline}", out var scope, out var error) ? scope! : throw new ArgumentException(error);
}
