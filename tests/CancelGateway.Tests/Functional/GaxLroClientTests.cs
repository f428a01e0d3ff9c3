using System.Globalization;
using System.Text.Json;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// google-gax, the core of Google's Node client libraries, against the gateway with its stock
/// LRO support: Cancel yields gax's <c>Operation</c>, which polls GetOperation until done and
/// decodes the <c>Any</c>s; gax's <c>OperationsClient</c> gets, lists (with filters, paging) and
/// reports NOT_FOUND. If a generic Google LRO client needs anything special, this fails.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class GaxLroClientTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private const string RunParent = "projects/demo-project/locations/us-central1/pipelineJobs/";

    // The script stops itself after 45 s; this only catches a node that does not.
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cancel_FromGaxLroClient_IsPolledListedAndDecoded()
    {
        // Long enough CANCELLING that gax's first look sees a pending operation and has to poll.
        var runA = fixture.Emulator.AddRun(RunParent + "gax-a-" + Guid.NewGuid().ToString("N")).CancellingFor(TimeSpan.FromSeconds(1)).Name;
        var runB = fixture.Emulator.AddRun(RunParent + "gax-b-" + Guid.NewGuid().ToString("N")).CancellingFor(TimeSpan.FromMilliseconds(600)).Name;
        var unknown = "operations/" + Guid.NewGuid().ToString("N");

        var steps = await RunClientAsync("--run", runA, "--run", runB, "--unknown-operation", unknown);

        var operationA = Str(Single(steps, "cancel", runA), "name");
        var operationB = Str(Single(steps, "cancel", runB), "name");
        Assert.Matches("^operations/[0-9a-f]{32}$", operationA);
        Assert.NotEqual(operationA, operationB);
        // A pending operation at first, so what follows is gax's own polling.
        Assert.False(Single(steps, "cancel", runA).GetProperty("done").GetBoolean(), "Cancel returned a done operation; gax had nothing to poll.");

        // OperationsClient.getOperation returns the operation Cancel gave, Any types intact.
        var get = Single(steps, "get");
        Assert.Equal(operationA, Str(get, "name"));
        Assert.Equal("type.googleapis.com/cancelgateway.v1.CancelOperationMetadata", Str(get, "metadataType"));
        Assert.Equal(runA, Str(get.GetProperty("metadata"), "run"));

        // promise() and the 'complete' event both end in a decoded CancelRunResponse.
        foreach (var (step, run, operation) in new[] { ("promise", runA, operationA), ("complete", runB, operationB) })
        {
            var waited = Single(steps, step);
            Assert.Equal(operation, Str(waited, "name"));
            Assert.True(waited.GetProperty("done").GetBoolean(), $"{step}: the operation gax completed is not done.");
            Assert.Equal("type.googleapis.com/cancelgateway.v1.CancelRunResponse", Str(waited, "responseType"));
            var response = waited.GetProperty("response");
            Assert.Equal(run, Str(response, "run"));
            Assert.Equal("RUN_STATE_CANCELLED", Str(response, "finalState"));
            Assert.Equal("PROVIDER_VERTEX_AI", Str(response, "provider"));
            var metadata = waited.GetProperty("metadata");
            Assert.Equal(run, Str(metadata, "run"));
            Assert.Equal("RUN_STATE_CANCELLED", Str(metadata, "state"));
            Assert.True(metadata.GetProperty("cancelRequested").GetBoolean(), $"{step}: the decoded metadata does not say the cancel was requested.");
            Assert.Equal(PipelineState.Cancelled, fixture.Emulator.GetRun(run)!.State);
        }

        var lists = steps.Where(s => Str(s, "step") == "list" && !s.TryGetProperty("pageSize", out _)).ToDictionary(s => Str(s, "filter"), Names);
        Assert.Equal([operationA], lists[$"run = \"{runA}\""]);
        Assert.Equal([operationB], lists[$"done = true AND kind = \"cancel\" AND run = \"{runB}\""]);
        Assert.Empty(lists[$"done = false AND run = \"{runA}\""]);
        Assert.Empty(lists[$"kind = \"batch\" AND run = \"{runA}\""]);
        // The class's own gateway holds only this test's operations; one per page makes gax page.
        var paged = Assert.Single(steps, s => s.TryGetProperty("pageSize", out _));
        Assert.Equal(new[] { operationA, operationB }.Order(StringComparer.Ordinal), Names(paged).Order(StringComparer.Ordinal));
        // AIP-158: the last page has no next_page_token, so the caller makes no call for an empty page.
        var pages = paged.GetProperty("pages").EnumerateArray().Select(p => (p.GetProperty("operations").GetInt32(), Str(p, "nextPageToken").Length > 0)).ToList();
        Assert.Equal([(1, true), (1, false)], pages);

        var notFound = Single(steps, "not_found");
        Assert.Equal(5, notFound.GetProperty("code").GetInt32());
        Assert.Equal("OPERATION_NOT_FOUND", Str(notFound, "reason"));
        fixture.AssertNoUnexpectedErrors();
    }

    private async Task<List<JsonElement>> RunClientAsync(params string[] arguments)
    {
        await ForeignClientModules.EnsureInstalledAsync();
        var result = await ProcessRunner.RunAsync(
            "node",
            [Path.Combine(RepoPaths.ForeignClients, "node", "gax_lro_client.js"), "--target", "127.0.0.1:" + fixture.Gateway.Address.Port.ToString(CultureInfo.InvariantCulture), .. arguments],
            ClientTimeout,
            workingDirectory: RepoPaths.ForeignClients);
        // What gax saw, for reading a failed assertion below against it.
        output.WriteLine(result.Describe());
        Assert.True(result.Succeeded, $"The google-gax client failed.{Environment.NewLine}{result.Describe()}");
        var steps = result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonSerializer.Deserialize<JsonElement>(line))
            .ToList();
        // Guards against a script that exits 0 without having run every step.
        Assert.True(steps.Count > 0 && Str(steps[^1], "step") == "done", $"The google-gax client did not finish.{Environment.NewLine}{result.Describe()}");
        return steps;
    }

    private static JsonElement Single(List<JsonElement> steps, string step, string? run = null) =>
        Assert.Single(steps, s => Str(s, "step") == step && (run is null || Str(s, "run") == run));

    private static string Str(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static string[] Names(JsonElement list) => [.. list.GetProperty("names").EnumerateArray().Select(n => n.GetString()!)];
}
