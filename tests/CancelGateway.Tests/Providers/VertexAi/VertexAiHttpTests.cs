using System.Net;
using CancelGateway.Providers;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.Rpc;
using Xunit;
using StatusCode = Grpc.Core.StatusCode;

namespace CancelGateway.Tests.Providers.VertexAi;

/// <summary>The adapter's requests and its reading of responses, against a stub handler (what the emulator cannot produce).</summary>
public sealed class VertexAiHttpTests
{
    private static readonly RunName Run = VertexAiHarness.Run("job-1");

    [Fact]
    public async Task RequestCancelAsync_Always_PostsEmptyJsonWithBearerTokenToCancelMethod()
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, "{}"));

        var submission = await vertex.Provider.RequestCancelAsync(Run, VertexAiHarness.Graceful, CancellationToken.None).Within();

        var request = Assert.Single(vertex.Handler.Requests);
        Assert.Equal(CancelSubmission.Accepted, submission);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"http://vertex.test/v1/{Run.Text}:cancel", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer test-token", request.Authorization);
        Assert.Equal("{}", request.Body);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestCancelAsync_NoEndpointConfigured_UsesTheRunsRegionalEndpoint()
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, "{}"), endpoint: null);
        var run = VertexAiHarness.Run("eu-job", "projects/p-1/locations/europe-west4");

        await vertex.Provider.RequestCancelAsync(run, VertexAiHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal("https://europe-west4-aiplatform.googleapis.com/v1/projects/p-1/locations/europe-west4/pipelineJobs/eu-job:cancel", Assert.Single(vertex.Handler.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task GetStatusAsync_EndpointWithPathWithoutSlash_KeepsThePath()
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, """{"state":"PIPELINE_STATE_RUNNING"}"""), endpoint: "http://proxy.test/vertex");

        await vertex.Provider.GetStatusAsync(Run, CancellationToken.None).Within();

        var request = Assert.Single(vertex.Handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal($"http://proxy.test/vertex/v1/{Run.Text}", request.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task RequestCancelBatchAsync_Always_PostsNamesToTheParentsBatchCancel()
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, """{"name":"projects/demo-project/locations/us-central1/operations/42","metadata":{}}"""));
        RunName[] runs = [VertexAiHarness.Run("a"), VertexAiHarness.Run("b")];

        await vertex.Provider.RequestCancelBatchAsync(runs, VertexAiHarness.Graceful, CancellationToken.None).Within();

        var request = Assert.Single(vertex.Handler.Requests);
        Assert.Equal($"http://vertex.test/v1/{VertexAiHarness.Parent}/pipelineJobs:batchCancel", request.Uri.AbsoluteUri);
        Assert.Equal($$"""{"names":["{{runs[0].Text}}","{{runs[1].Text}}"]}""", request.Body);
        Assert.Contains(vertex.Logs.Entries, e => e.EventId.Id == 2003 && e.Message.Contains("operations/42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestCancelBatchAsync_OperationAlreadyFailed_ThrowsItsError()
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, """{"name":"projects/p/locations/l/operations/7","done":true,"error":{"code":9,"message":"PipelineJob is not cancellable."}}"""));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => vertex.Provider.RequestCancelBatchAsync([Run], VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.FailedPrecondition, ex.Code);
        Assert.Equal("RUN_NOT_CANCELLABLE", ex.Reason);
        Assert.Equal("FAILED_PRECONDITION", ex.ProviderCode);
        Assert.Contains("operations/7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_NanosecondEndTimeAndError_ParsesThem()
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK,
            """{"name":"x","state":"PIPELINE_STATE_FAILED","endTime":"2025-05-25T16:11:21.011113123Z","error":{"code":3,"message":"Task train failed."},"somethingNew":{"a":1}}"""));

        var status = await vertex.Provider.GetStatusAsync(Run, CancellationToken.None).Within();

        Assert.Equal(RunState.Failed, status.State);
        Assert.Equal("PIPELINE_STATE_FAILED", status.ProviderState);
        Assert.Equal(new DateTimeOffset(2025, 5, 25, 16, 11, 21, TimeSpan.Zero).AddTicks(111_131), status.EndTime);
        Assert.Equal("Task train failed.", status.Message);
    }

    [Theory]
    [InlineData("""{"state":"PIPELINE_STATE_SOMETHING_NEW"}""", "PIPELINE_STATE_SOMETHING_NEW")]
    [InlineData("""{"state":"PIPELINE_STATE_UNSPECIFIED"}""", "PIPELINE_STATE_UNSPECIFIED")]
    [InlineData("""{"name":"no-state"}""", "PIPELINE_STATE_UNSPECIFIED")]
    public async Task GetStatusAsync_UnknownOrMissingState_IsUnspecifiedWithRawState(string body, string raw)
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, body));

        var status = await vertex.Provider.GetStatusAsync(Run, CancellationToken.None).Within();

        Assert.Equal(RunState.Unspecified, status.State);
        Assert.Equal(raw, status.ProviderState);
        Assert.Null(status.EndTime);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("""{"state":42}""")]
    public async Task GetStatusAsync_UnreadableSuccessBody_ThrowsInvalidResponse(string body)
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, body));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => vertex.Provider.GetStatusAsync(Run, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Internal, ex.Code);
        Assert.Equal("PROVIDER_INVALID_RESPONSE", ex.Reason);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData(400, "INVALID_ARGUMENT", "Invalid name.", StatusCode.InvalidArgument, "PROVIDER_INVALID_ARGUMENT", false)]
    [InlineData(400, "OUT_OF_RANGE", "Out of range.", StatusCode.InvalidArgument, "PROVIDER_INVALID_ARGUMENT", false)]
    [InlineData(400, "FAILED_PRECONDITION", "The PipelineJob is locked.", StatusCode.FailedPrecondition, "RUN_NOT_CANCELLABLE", false)]
    [InlineData(400, "FAILED_PRECONDITION", "The PipelineJob is in state PIPELINE_STATE_PAUSED and cannot be cancelled.", StatusCode.FailedPrecondition, "RUN_NOT_CANCELLABLE", false)]
    [InlineData(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", false)]
    [InlineData(403, "PERMISSION_DENIED", "Permission denied.", StatusCode.PermissionDenied, "PROVIDER_PERMISSION_DENIED", false)]
    [InlineData(404, "NOT_FOUND", "Not found.", StatusCode.NotFound, "RUN_NOT_FOUND", false)]
    [InlineData(409, "ABORTED", "Concurrent change.", StatusCode.Aborted, "PROVIDER_CONFLICT", false)]
    [InlineData(409, "ALREADY_EXISTS", "Exists.", StatusCode.Aborted, "PROVIDER_CONFLICT", false)]
    [InlineData(429, "RESOURCE_EXHAUSTED", "Quota.", StatusCode.ResourceExhausted, "PROVIDER_RATE_LIMITED", true)]
    [InlineData(500, "INTERNAL", "Internal error encountered.", StatusCode.Internal, "PROVIDER_INTERNAL_ERROR", false)]
    [InlineData(500, "UNKNOWN", "Unknown error.", StatusCode.Unknown, "PROVIDER_ERROR", false)]
    [InlineData(500, "DATA_LOSS", "Data lost.", StatusCode.Unknown, "PROVIDER_ERROR", false)]
    [InlineData(500, "UNAVAILABLE", "Try again.", StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true)]
    [InlineData(502, "UNAVAILABLE", "Bad gateway.", StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true)]
    [InlineData(503, "UNAVAILABLE", "The service is currently unavailable.", StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true)]
    [InlineData(504, "DEADLINE_EXCEEDED", "Deadline.", StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true)]
    [InlineData(501, "UNIMPLEMENTED", "Not implemented.", StatusCode.Unknown, "PROVIDER_ERROR", false)]
    public async Task RequestCancelAsync_GoogleError_MapsToProviderException(int http, string status, string message, StatusCode code, string reason, bool transient)
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.GoogleError(http, status, message));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => vertex.Provider.RequestCancelAsync(Run, VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(Provider.VertexAi, ex.Provider);
        Assert.Equal(code, ex.Code);
        Assert.Equal(reason, ex.Reason);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal(http, ex.HttpStatus);
        Assert.Equal(status, ex.ProviderCode);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Contains(Run.Text, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, 1)]
    [InlineData(403, 0)]
    public async Task GetStatusAsync_Unauthorized_InvalidatesTheTokenOnlyFor401(int http, int invalidations)
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.GoogleError(http, http == 401 ? "UNAUTHENTICATED" : "PERMISSION_DENIED", "No."));

        await Assert.ThrowsAsync<ProviderException>(() => vertex.Provider.GetStatusAsync(Run, CancellationToken.None)).Within();

        Assert.Equal(invalidations, vertex.Tokens.Invalidations);
    }

    [Theory]
    [InlineData("The PipelineJob \\\"x\\\" is in state PIPELINE_STATE_FAILED and cannot be canceled.")]
    [InlineData("The PipelineJob \\\"x\\\" is in state PIPELINE_STATE_SUCCEEDED and cannot be cancelled.")]
    [InlineData("The PipelineJob \\\"x\\\" is in state PIPELINE_STATE_CANCELLED and cannot be cancelled.")]
    public async Task RequestCancelAsync_RefusedBecauseEnded_ReturnsAlreadyEnded(string message)
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.GoogleError(400, "FAILED_PRECONDITION", message));

        var submission = await vertex.Provider.RequestCancelAsync(Run, VertexAiHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(CancelSubmission.AlreadyEnded, submission);
    }

    [Fact]
    public async Task RequestCancelAsync_RefusedBecauseCancelling_ReturnsAccepted()
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.GoogleError(400, "FAILED_PRECONDITION", "The PipelineJob is in state PIPELINE_STATE_CANCELLING and cannot be cancelled."));

        var submission = await vertex.Provider.RequestCancelAsync(Run, VertexAiHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(CancelSubmission.Accepted, submission);
    }

    [Fact]
    public async Task GetStatusAsync_ErrorWithRequestId_CarriesItIntoErrorInfo()
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.GoogleError(404, "NOT_FOUND", "Not found.", ("x-goog-request-id", "req-123")));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => vertex.Provider.GetStatusAsync(Run, CancellationToken.None)).Within();
        var info = ProviderErrors.ToStatus(ex, Run.Text).Details.Single().Unpack<ErrorInfo>();

        Assert.Equal("req-123", ex.RequestId);
        Assert.Equal("RUN_NOT_FOUND", info.Reason);
        Assert.Equal("vertex-ai", info.Metadata["provider"]);
        Assert.Equal("404", info.Metadata["provider_http_status"]);
        Assert.Equal("NOT_FOUND", info.Metadata["provider_code"]);
        Assert.Equal("req-123", info.Metadata["provider_request_id"]);
    }

    [Fact]
    public async Task GetStatusAsync_429WithHttpDateRetryAfter_ComputesTheWaitFromTheClock()
    {
        StubbedVertexAi? vertex = null;
        vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.GoogleError(429, "RESOURCE_EXHAUSTED", "Quota.",
            ("Retry-After", vertex!.Clock.GetUtcNow().AddSeconds(90).ToString("r", System.Globalization.CultureInfo.InvariantCulture))));
        await using var dispose = vertex;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => vertex.Provider.GetStatusAsync(Run, CancellationToken.None)).Within();

        Assert.Equal(TimeSpan.FromSeconds(90), ex.RetryAfter);
    }

    [Fact]
    public async Task GetStatusAsync_503WithRetryInfo_UsesItsDelay()
    {
        await using var vertex = new StubbedVertexAi(_ => StubHttpMessageHandler.Json(HttpStatusCode.ServiceUnavailable,
            """{"error":{"code":503,"message":"Try later.","status":"UNAVAILABLE","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"2.500s"}]}}"""));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => vertex.Provider.GetStatusAsync(Run, CancellationToken.None)).Within();

        Assert.True(ex.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(2.5), ex.RetryAfter);
    }

    [Fact]
    public async Task GetStatusAsync_502HtmlFromAProxy_IsTransientWithoutProviderCode()
    {
        await using var vertex = new StubbedVertexAi(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html><body>Bad Gateway</body></html>") });

        var ex = await Assert.ThrowsAsync<ProviderException>(() => vertex.Provider.GetStatusAsync(Run, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Unavailable, ex.Code);
        Assert.True(ex.IsTransient);
        Assert.Equal(502, ex.HttpStatus);
        Assert.Null(ex.ProviderCode);
    }
}
