using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CancelGateway.Emulators.SageMaker;
using CancelGateway.Emulators.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Emulators.Tests.SageMaker;

/// <summary>
/// One SageMaker emulator per test, on a fake clock, called over real HTTP with SigV4-signed AWS
/// JSON 1.1 requests. Disposing it fails the test if the emulator logged an error nobody expected.
/// </summary>
public abstract class SageMakerTestBase : IAsyncLifetime
{
    protected const string Region = "us-east-1";
    protected const string Pipeline = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/train-pipeline";
    protected const string Execution1 = Pipeline + "/execution/exec0001";
    protected const string Execution2 = Pipeline + "/execution/exec0002";
    protected const string Token1 = "cancelgateway-stop-0123456789abcdef0123456789abcdef";
    protected const string Token2 = "cancelgateway-stop-fedcba9876543210fedcba9876543210";

    protected FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow()); // real time, so real JWTs (iat/exp) fit

    protected CapturingLoggerProvider Logs { get; } = new();

    protected SageMakerEmulator Emulator { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        var options = new SageMakerEmulatorOptions { ConfigureLogging = logging => logging.AddProvider(Logs) };
        Configure(options);
        Emulator = await SageMakerEmulator.StartAsync(options, Clock).WaitAsync(Timeouts.Default);
        Http = new HttpClient { BaseAddress = Emulator.BaseAddress, Timeout = Timeouts.Default };
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync().AsTask().WaitAsync(Timeouts.Default);
        Assert.Empty(Logs.Errors);
    }

    protected virtual void Configure(SageMakerEmulatorOptions options)
    {
    }

    /// <summary>Sends one action, signed with the emulator's credentials at the fake clock's time unless told otherwise.</summary>
    protected async Task<AwsResponse> CallAsync(
        string action,
        object body,
        string? secretAccessKey = null,
        string? accessKeyId = null,
        string region = Region,
        DateTimeOffset? signedAt = null,
        string? sessionToken = null,
        Action<HttpRequestMessage>? tamper = null)
    {
        var bytes = body as byte[] ?? JsonSerializer.SerializeToUtf8Bytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, Emulator.BaseAddress) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker." + action);
        SigV4TestSigner.Sign(request, bytes, accessKeyId ?? Emulator.AccessKeyId, secretAccessKey ?? Emulator.SecretAccessKey, region, signedAt ?? Clock.GetUtcNow(), sessionToken ?? Emulator.SessionToken);
        tamper?.Invoke(request);
        using var response = await Http.SendAsync(request).WaitAsync(Timeouts.Default);
        return await AwsResponse.ReadAsync(response);
    }

    protected Task<AwsResponse> StopAsync(string arn, string token = Token1) =>
        CallAsync("StopPipelineExecution", new { PipelineExecutionArn = arn, ClientRequestToken = token });

    protected Task<AwsResponse> DescribeAsync(string arn) =>
        CallAsync("DescribePipelineExecution", new { PipelineExecutionArn = arn });

    protected Task<AwsResponse> ListStepsAsync(string arn, int? maxResults = null, string? nextToken = null, string? sortOrder = null) =>
        CallAsync("ListPipelineExecutionSteps", new Dictionary<string, object?>
        {
            ["PipelineExecutionArn"] = arn,
            ["MaxResults"] = maxResults,
            ["NextToken"] = nextToken,
            ["SortOrder"] = sortOrder,
        }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));

    protected Task<AwsResponse> SendSuccessAsync(string callbackToken, string? clientRequestToken = null) =>
        CallAsync("SendPipelineExecutionStepSuccess", new Dictionary<string, object?>
        {
            ["CallbackToken"] = callbackToken,
            ["OutputParameters"] = new[] { new { Name = "approved", Value = "yes" } },
            ["ClientRequestToken"] = clientRequestToken,
        }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));

    protected Task<AwsResponse> SendFailureAsync(string callbackToken, string reason = "rejected by a person") =>
        CallAsync("SendPipelineExecutionStepFailure", new { CallbackToken = callbackToken, FailureReason = reason });

    protected static string StatusOf(AwsResponse describe) => describe.Json.GetProperty("PipelineExecutionStatus").GetString()!;

    protected static Dictionary<string, string> StepStatuses(AwsResponse list) =>
        list.Json.GetProperty("PipelineExecutionSteps").EnumerateArray().ToDictionary(s => s.GetProperty("StepName").GetString()!, s => s.GetProperty("StepStatus").GetString()!);

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
