using System.Net;
using System.Net.Sockets;
using CancelGateway.Emulators.SageMaker;
using Grpc.Core;
using CancelGateway.Providers;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Providers.SageMaker;

/// <summary>Every failure the emulator can produce, mapped to the gateway's codes with AWS's code and request id kept.</summary>
public sealed class SageMakerErrorMappingTests
{
    [Fact]
    public async Task RequestCancelAsync_UnknownExecution_NotFoundWithTheAwsCodeAndRequestId()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = SageMakerHarness.Run("missing1");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.NotFound, ex.Code);
        Assert.Equal("RUN_NOT_FOUND", ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.Equal(400, ex.HttpStatus);
        Assert.Equal("ResourceNotFound", ex.ProviderCode);
        Assert.Matches("^[0-9a-f-]{36}$", ex.RequestId);
        Assert.Contains(run.Text, ex.Message, StringComparison.Ordinal);
        var info = ProviderErrors.ToStatus(ex, run.Text).Details.Single().Unpack<Google.Rpc.ErrorInfo>();
        Assert.Equal("ResourceNotFound", info.Metadata["provider_code"]);
        Assert.Equal(ex.RequestId, info.Metadata["provider_request_id"]);
        Assert.Equal("sagemaker", info.Metadata["provider"]);
        Assert.Empty(h.UnexpectedErrors());
    }

    [Fact]
    public async Task GetStatusAsync_ForbiddenExecution_PermissionDenied()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("forbidden1", b => b.Forbidden());

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.PermissionDenied, ex.Code);
        Assert.Equal("PROVIDER_PERMISSION_DENIED", ex.Reason);
        Assert.Equal("AccessDeniedException", ex.ProviderCode);
    }

    [Fact]
    public async Task GetStatusAsync_Throttled_TransientRateLimited()
    {
        await using var h = await SageMakerHarness.StartAsync(emulatorOptions: new SageMakerEmulatorOptions { RequestsPerSecond = 2 });

        // One read of an executing execution is two requests: describe, and list its steps.
        var run = h.Add("throttled1");
        await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.ResourceExhausted, ex.Code);
        Assert.Equal("PROVIDER_RATE_LIMITED", ex.Reason);
        Assert.True(ex.IsTransient);
        Assert.Equal("ThrottlingException", ex.ProviderCode);
    }

    [Fact]
    public async Task RequestCancelAsync_ServiceUnavailable_TransientUnavailableAndNothingStopped()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("unavailable1", b => b.WithStep("train"));
        h.Emulator.Faults.FailureRate = 1;
        h.Emulator.Faults.ThrottleShare = 0;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Unavailable, ex.Code);
        Assert.Equal("PROVIDER_UNAVAILABLE", ex.Reason);
        Assert.True(ex.IsTransient);
        Assert.Equal(503, ex.HttpStatus);
        Assert.Equal("ServiceUnavailable", ex.ProviderCode);
        Assert.Equal(SageMakerExecutionStatus.Executing, h.Execution(run).Status);
    }

    [Fact]
    public async Task RequestCancelAsync_WrongSecret_InternalAuthenticationFailedWithoutTheSecret()
    {
        const string Wrong = "WRONG/secret/WRONG/secret/WRONG/secret/0";
        await using var h = await SageMakerHarness.StartAsync(settings: new Dictionary<string, string?> { ["SecretAccessKey"] = Wrong });
        var run = h.Add("auth1", b => b.WithStep("train"));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Internal, ex.Code);
        Assert.Equal("PROVIDER_AUTHENTICATION_FAILED", ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.Equal(403, ex.HttpStatus);
        Assert.Equal("InvalidSignatureException", ex.ProviderCode);
        Assert.Contains("gateway configuration problem", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, h.Logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Emulator.SecretAccessKey, h.Logs.AllText(), StringComparison.Ordinal);
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 2105);
        Assert.Equal(SageMakerExecutionStatus.Executing, h.Execution(run).Status);
    }

    [Fact]
    public async Task GetStatusAsync_UnknownAccessKey_InternalAuthenticationFailed()
    {
        await using var h = await SageMakerHarness.StartAsync(settings: new Dictionary<string, string?> { ["AccessKeyId"] = "AKIAOTHERKEY00000000" });
        var run = h.Add("auth2");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Internal, ex.Code);
        Assert.Equal("PROVIDER_AUTHENTICATION_FAILED", ex.Reason);
        Assert.Equal("UnrecognizedClientException", ex.ProviderCode);
    }

    [Fact]
    public async Task GetStatusAsync_GatewayClockTenMinutesBehind_InternalAuthenticationFailedSignatureExpired()
    {
        await using var h = await SageMakerHarness.StartAsync(adapterClockSkew: TimeSpan.FromMinutes(-10));
        var run = h.Add("skew1");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Internal, ex.Code);
        Assert.Equal("PROVIDER_AUTHENTICATION_FAILED", ex.Reason);
        Assert.Equal("InvalidSignatureException", ex.ProviderCode);
        Assert.Contains("Signature expired", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestCancelAsync_ConnectionDropped_TransientUnreachable()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("dropped1", b => b.WithStep("train"));
        h.Emulator.Faults.DropConnectionRate = 1;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Unavailable, ex.Code);
        Assert.Equal("PROVIDER_UNREACHABLE", ex.Reason);
        Assert.True(ex.IsTransient);
        Assert.Null(ex.HttpStatus);
    }

    [Fact]
    public async Task GetStatusAsync_NobodyListening_TransientUnreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var h = await SageMakerHarness.StartAsync(settings: new Dictionary<string, string?> { ["Endpoint"] = $"http://127.0.0.1:{port}/" });

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(SageMakerHarness.Run("nowhere1"), CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Unavailable, ex.Code);
        Assert.Equal("PROVIDER_UNREACHABLE", ex.Reason);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task ForceAsync_StepNoLongerWaiting_NotForcedWithTheConflict()
    {
        var arn = SageMakerHarness.Run("race1");
        using var stub = new StubHttpMessageHandler(request => request.Body!.Contains("CallbackToken", StringComparison.Ordinal)
            ? StubHttpMessageHandler.Json(HttpStatusCode.BadRequest, """{"__type":"ConflictException","message":"Step approve is not waiting for a callback."}""")
            : StubHttpMessageHandler.Json(HttpStatusCode.OK, """{"PipelineExecutionSteps":[{"StepName":"approve","StepStatus":"Executing","Metadata":{"Callback":{"CallbackToken":"AbCdE12345","SqsQueueUrl":"https://sqs.example/q"}}}]}"""));
        var (provider, services, logs) = SageMakerStubbed.Create(stub);
        await using var _ = services;

        var blocker = Assert.Single(await provider.ForceAsync(arn, SageMakerHarness.Force(), CancellationToken.None).Within());

        Assert.False(blocker.Forced);
        Assert.Contains("ConflictException", blocker.NotForcedReason, StringComparison.Ordinal);
        Assert.DoesNotContain("AbCdE12345", logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_UnreadableBody_InternalInvalidResponse()
    {
        using var stub = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, "<html>proxy</html>"));
        var (provider, services, _) = SageMakerStubbed.Create(stub);
        await using var __ = services;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.GetStatusAsync(SageMakerHarness.Run("html1"), CancellationToken.None)).Within();

        Assert.Equal(StatusCode.Internal, ex.Code);
        Assert.Equal("PROVIDER_INVALID_RESPONSE", ex.Reason);
    }

    [Fact]
    public async Task RequestCancelAsync_Signed_SigV4HeadersForTheArnsRegion()
    {
        using var stub = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Json(HttpStatusCode.OK, "{}"));
        var (provider, services, _) = SageMakerStubbed.Create(stub);
        await using var __ = services;
        var run = SageMakerHarness.Run("west1", "arn:aws:sagemaker:eu-west-1:123456789012:pipeline/p");

        await provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None).Within();

        var request = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("application/x-amz-json-1.1", request.ContentType);
        Assert.Matches(@"^AWS4-HMAC-SHA256 Credential=AKIASTUBBEDKEY000000/\d{8}/eu-west-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$", request.Authorization);
        Assert.Contains("\"ClientRequestToken\":\"cancelgateway-stop-" + SageMakerHarness.OperationId + "\"", request.Body, StringComparison.Ordinal);
    }
}
