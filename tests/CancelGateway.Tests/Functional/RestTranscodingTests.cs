using System.Text.Json;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// REST/JSON (gRPC JSON transcoding, routes from the protos' google.api.http options) through the
/// real host on the demo defaults (src/CancelGateway.Demo), driven by the curl command-line tool over HTTP/1.1: one
/// demo run of each provider cancelled and followed, and errors as JSON google.rpc.Status with the
/// matching HTTP status and their ErrorInfo / BadRequest details.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class RestTranscodingTests(EmbeddedGatewayFixture fixture) : IClassFixture<EmbeddedGatewayFixture>
{
    private const string MetadataType = "type.googleapis.com/cancelgateway.v1.CancelOperationMetadata";
    private const string ResponseType = "type.googleapis.com/cancelgateway.v1.CancelRunResponse";
    private const string ErrorInfoType = "type.googleapis.com/google.rpc.ErrorInfo";
    private const string BadRequestType = "type.googleapis.com/google.rpc.BadRequest";

    [Fact]
    public async Task Cancel_VertexDemoRun_GetListAndWatchFollowItToCancelled()
    {
        var run = DemoRuns.VertexRunNames[0];

        var cancel = await Curl.PostAsync(fixture.HttpAddress, "/v1/runs:cancel", new Dictionary<string, string> { ["name"] = run, ["reason"] = "rest test" });

        Assert.True(cancel.Status == 200, cancel.Describe());
        var name = Str(cancel.Json, "name");
        Assert.Matches("^operations/[0-9a-f]{32}$", name);
        Assert.Equal(MetadataType, Str(cancel.Json.GetProperty("metadata"), "@type"));
        Assert.Equal("rest test", Str(cancel.Json.GetProperty("metadata"), "reason"));

        var get = await Curl.GetAsync(fixture.HttpAddress, "/v1/" + name);
        Assert.True(get.Status == 200, get.Describe());
        Assert.Equal(name, Str(get.Json, "name"));
        Assert.Equal(run, Str(get.Json.GetProperty("metadata"), "run"));

        var list = await Curl.GetAsync(fixture.HttpAddress, "/v1/operations", [("filter", $"run = \"{run}\""), ("page_size", "10")]);
        Assert.True(list.Status == 200, list.Describe());
        Assert.Equal([name], list.Json.GetProperty("operations").EnumerateArray().Select(o => Str(o, "name")));

        var watch = await Curl.GetAsync(fixture.HttpAddress, "/v1/runs:watch", [("name", run)]);
        Assert.True(watch.Status == 200, watch.Describe());
        var snapshots = watch.JsonLines;
        Assert.All(snapshots, s => Assert.Equal(name, Str(s, "name")));
        Assert.All(snapshots.SkipLast(1), s => Assert.False(s.GetProperty("done").GetBoolean()));
        AssertCancelled(snapshots[^1], run, "PROVIDER_VERTEX_AI");
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_SageMakerDemoExecution_WaitAndWatchByOperationReportStopped()
    {
        // An ARN: ':' and '/' in the name, which travels in the body.
        var run = DemoRuns.SageMakerExecutionArns[0];

        var cancel = await Curl.PostAsync(fixture.HttpAddress, "/v1/runs:cancel", new Dictionary<string, string> { ["name"] = run });

        Assert.True(cancel.Status == 200, cancel.Describe());
        var name = Str(cancel.Json, "name");
        Assert.Equal("PROVIDER_SAGEMAKER", Str(cancel.Json.GetProperty("metadata"), "provider"));

        var waited = await WaitDoneAsync(name);
        AssertCancelled(waited, run, "PROVIDER_SAGEMAKER");

        // POST binding of WatchRun, by operation name: a done operation streams one snapshot.
        var watch = await Curl.PostAsync(fixture.HttpAddress, "/v1/runs:watch", new Dictionary<string, string> { ["name"] = name });
        Assert.True(watch.Status == 200, watch.Describe());
        AssertCancelled(Assert.Single(watch.JsonLines), run, "PROVIDER_SAGEMAKER");
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_CodeArtsDemoRun_ReadListedAndDeletedOnceDone()
    {
        var run = DemoRuns.CodeArtsRunNames[0];

        var cancel = await Curl.PostAsync(fixture.HttpAddress, "/v1/runs:cancel", new Dictionary<string, string> { ["name"] = run });

        Assert.True(cancel.Status == 200, cancel.Describe());
        var name = Str(cancel.Json, "name");

        // PipelineControl's own GetOperation, beside google.longrunning's.
        var get = await Curl.GetAsync(fixture.HttpAddress, "/v1/runs:getOperation", [("name", name)]);
        Assert.True(get.Status == 200, get.Describe());
        Assert.Equal(run, Str(get.Json.GetProperty("metadata"), "run"));

        var list = await Curl.GetAsync(fixture.HttpAddress, "/v1/operations", [("filter", $"kind = \"cancel\" AND run = \"{run}\"")]);
        Assert.True(list.Status == 200, list.Describe());
        Assert.Contains(name, list.Json.GetProperty("operations").EnumerateArray().Select(o => Str(o, "name")));

        AssertCancelled(await WaitDoneAsync(name), run, "PROVIDER_CODEARTS");
        var delete = await Curl.DeleteAsync(fixture.HttpAddress, "/v1/" + name);
        Assert.True(delete.Status == 200, delete.Describe());
        var gone = await Curl.GetAsync(fixture.HttpAddress, "/v1/" + name);
        AssertError(gone, 404, 5, "OPERATION_NOT_FOUND");
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task BatchCancel_EndedRunsOfTwoProviders_DoneWithBothResults()
    {
        string[] runs = [DemoRuns.VertexRunNames[4], DemoRuns.CodeArtsRunNames[4]];

        var batch = await Curl.PostAsync(fixture.HttpAddress, "/v1/runs:batchCancel", new Dictionary<string, object> { ["names"] = runs, ["reason"] = "rest batch" });

        Assert.True(batch.Status == 200, batch.Describe());
        var done = await WaitDoneAsync(Str(batch.Json, "name"));
        var response = done.GetProperty("response");
        Assert.Equal("type.googleapis.com/cancelgateway.v1.BatchCancelResponse", Str(response, "@type"));
        Assert.Equal(runs, response.GetProperty("results").EnumerateArray().Select(r => Str(r, "run")));
        Assert.All(response.GetProperty("results").EnumerateArray(), r => Assert.True(r.GetProperty("alreadyEnded").GetBoolean()));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_UnknownRun_Returns404WithErrorInfo()
    {
        const string Run = "projects/demo-project/locations/us-central1/pipelineJobs/no-such-job";

        var response = await Curl.PostAsync(fixture.HttpAddress, "/v1/runs:cancel", new Dictionary<string, string> { ["name"] = Run });

        var info = AssertError(response, 404, 5, "RUN_NOT_FOUND");
        Assert.Equal(Run, Str(info.GetProperty("metadata"), "run"));
        Assert.Equal("vertex-ai", Str(info.GetProperty("metadata"), "provider"));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_MalformedName_Returns400WithFieldViolation()
    {
        var response = await Curl.PostAsync(fixture.HttpAddress, "/v1/runs:cancel", new Dictionary<string, string> { ["name"] = "arn:aws:sagemaker:pipeline/no-region" });

        AssertError(response, 400, 3, "INVALID_RUN_NAME");
        var badRequest = Assert.Single(response.Json.GetProperty("details").EnumerateArray(), d => Str(d, "@type") == BadRequestType);
        var violation = Assert.Single(badRequest.GetProperty("fieldViolations").EnumerateArray());
        Assert.Equal("name", Str(violation, "field"));
        Assert.NotEmpty(Str(violation, "description"));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_ForbiddenDemoRun_Returns403WithErrorInfo()
    {
        var run = DemoRuns.VertexRunNames[6];

        var response = await Curl.PostAsync(fixture.HttpAddress, "/v1/runs:cancel", new Dictionary<string, string> { ["name"] = run });

        var info = AssertError(response, 403, 7, "PROVIDER_PERMISSION_DENIED");
        Assert.Equal(run, Str(info.GetProperty("metadata"), "run"));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_ForceOnCodeArts_Returns400FailedPrecondition()
    {
        var response = await Curl.PostAsync(fixture.HttpAddress, "/v1/runs:cancel", new Dictionary<string, string> { ["name"] = DemoRuns.CodeArtsRunNames[2], ["mode"] = "CANCEL_MODE_FORCE" });

        // google.api's mapping: FAILED_PRECONDITION is HTTP 400, told apart by the code and reason.
        AssertError(response, 400, 9, "FORCE_NOT_SUPPORTED");
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task WatchRun_RunNeverCancelled_Returns404WithErrorInfo()
    {
        var response = await Curl.GetAsync(fixture.HttpAddress, "/v1/runs:watch", [("name", "projects/demo-project/locations/us-central1/pipelineJobs/never-cancelled")]);

        AssertError(response, 404, 5, "CANCELLATION_NOT_FOUND");
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task CancelOperation_AnyOperation_Returns501Unimplemented()
    {
        var response = await Curl.PostAsync(fixture.HttpAddress, $"/v1/operations/{Guid.NewGuid():N}:cancel", new Dictionary<string, string>());

        AssertError(response, 501, 12, "CANCELLATION_IRREVOCABLE");
        fixture.AssertNoUnexpectedErrors();
    }

    /// <summary>WaitOperation over REST, repeated until done; bounded by the test timeout.</summary>
    private async Task<JsonElement> WaitDoneAsync(string name)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TestTimeouts.Default)
        {
            var wait = await Curl.PostAsync(fixture.HttpAddress, $"/v1/{name}:wait", new Dictionary<string, string> { ["timeout"] = "10s" });
            Assert.True(wait.Status == 200, wait.Describe());
            if (wait.Json.TryGetProperty("done", out var done) && done.GetBoolean())
            {
                return wait.Json;
            }
        }

        throw new TimeoutException($"Operation {name} was not done within {TestTimeouts.Default}.");
    }

    private static void AssertCancelled(JsonElement operation, string run, string provider)
    {
        Assert.True(operation.GetProperty("done").GetBoolean(), operation.ToString());
        var response = operation.GetProperty("response");
        Assert.Equal(ResponseType, Str(response, "@type"));
        Assert.Equal(run, Str(response, "run"));
        Assert.Equal(provider, Str(response, "provider"));
        Assert.Equal("RUN_STATE_CANCELLED", Str(response, "finalState"));
    }

    /// <summary>Checks a JSON google.rpc.Status and returns its ErrorInfo.</summary>
    private static JsonElement AssertError(CurlResponse response, int httpStatus, int code, string reason)
    {
        Assert.True(response.Status == httpStatus, response.Describe());
        var status = response.Json;
        Assert.Equal(code, status.GetProperty("code").GetInt32());
        Assert.NotEmpty(Str(status, "message"));
        var info = Assert.Single(status.GetProperty("details").EnumerateArray(), d => Str(d, "@type") == ErrorInfoType);
        Assert.Equal(reason, Str(info, "reason"));
        Assert.Equal("cancelgateway.v1.PipelineControl", Str(info, "domain"));
        return info;
    }

    private static string Str(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
}
