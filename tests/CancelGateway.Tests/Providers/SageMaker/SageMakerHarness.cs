using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Amazon.Runtime;
using CancelGateway.Emulators.SageMaker;
using CancelGateway.Providers;
using CancelGateway.Providers.SageMaker;
using CancelGateway.Providers.SageMaker.Internal;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Tests.Providers.SageMaker;

/// <summary>
/// A SageMaker emulator on a fake clock and the adapter wired to it the way the host wires it
/// (<see cref="SageMakerServiceCollectionExtensions.AddSageMaker"/> over configuration, the
/// emulator's demo access key), with every log captured.
/// </summary>
internal sealed class SageMakerHarness : IAsyncDisposable
{
    public const string Pipeline = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/train-pipeline";

    /// <summary>The gateway's operation ids are 32 hex digits.</summary>
    public const string OperationId = "0123456789abcdef0123456789abcdef";

    private SageMakerHarness(SageMakerEmulator emulator, FakeTimeProvider clock, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Emulator = emulator;
        Clock = clock;
        Services = services;
        Logs = logs;
        Provider = services.GetServices<IPipelineProvider>().OfType<SageMakerProvider>().Single();
    }

    public SageMakerEmulator Emulator { get; }

    /// <summary>The emulator's clock (and the adapter's, unless it was started with a skew).</summary>
    public FakeTimeProvider Clock { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public SageMakerProvider Provider { get; }

    public static CancelContext Graceful { get; } = new(OperationId, CancelMode.Graceful, "test", "tests@example.com");

    public static CancelContext Force(string reason = "stuck waiting for an approval", string operationId = OperationId) =>
        new(operationId, CancelMode.Force, reason, "tests@example.com");

    /// <summary>Starts the emulator and the adapter.</summary>
    /// <param name="settings">Providers:SageMaker settings (keys without the section) over the defaults (the emulator's endpoint and demo keys).</param>
    /// <param name="emulatorOptions">Emulator settings.</param>
    /// <param name="adapterClockSkew">How far the adapter's clock is from the emulator's (SigV4 time checks).</param>
    public static async Task<SageMakerHarness> StartAsync(IDictionary<string, string?>? settings = null, SageMakerEmulatorOptions? emulatorOptions = null, TimeSpan? adapterClockSkew = null)
    {
        var clock = new FakeTimeProvider();
        var logs = new CapturingLoggerProvider();
        emulatorOptions ??= new SageMakerEmulatorOptions();
        emulatorOptions.ConfigureLogging = logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Warning);
        var emulator = await SageMakerEmulator.StartAsync(emulatorOptions, clock).Within();

        var config = new Dictionary<string, string?>
        {
            [$"{SageMakerOptions.SectionName}:Endpoint"] = emulator.BaseAddress.AbsoluteUri,
            [$"{SageMakerOptions.SectionName}:AccessKeyId"] = emulator.AccessKeyId,
            [$"{SageMakerOptions.SectionName}:SecretAccessKey"] = emulator.SecretAccessKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[$"{SageMakerOptions.SectionName}:{key}"] = value;
        }

        TimeProvider adapterClock = adapterClockSkew is { } skew ? new FakeTimeProvider(clock.GetUtcNow() + skew) : clock;
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton(adapterClock)
            .AddSageMaker(new ConfigurationBuilder().AddInMemoryCollection(config).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // What the host's start-up does: ValidateOnStart's checks.
        services.GetRequiredService<IStartupValidator>().Validate();
        return new SageMakerHarness(emulator, clock, services, logs);
    }

    public static RunName Run(string executionId, string pipeline = Pipeline) =>
        RunNameParser.TryParse($"{pipeline}/execution/{executionId}", out var name, out var error) ? name! : throw new ArgumentException(error, nameof(executionId));

    /// <summary>Seeds an execution (Executing, plain steps stop after 100 ms unless configured) and returns its parsed name.</summary>
    public RunName Add(string executionId, Action<SageMakerExecutionBuilder>? configure = null)
    {
        var run = Run(executionId);
        var builder = Emulator.AddExecution(run.Text).StopsAfter(TimeSpan.FromMilliseconds(100));
        configure?.Invoke(builder);
        return run;
    }

    public SageMakerExecutionSnapshot Execution(RunName run) => Emulator.GetExecution(run.Text) ?? throw new InvalidOperationException($"{run} is not seeded.");

    /// <summary>Answers a callback step the way the step's own worker would: SendPipelineExecutionStepSuccess/Failure, signed.</summary>
    public async Task<HttpStatusCode> AnswerAsync(string callbackToken, bool success)
    {
        var body = success
            ? JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["CallbackToken"] = callbackToken, ["OutputParameters"] = Array.Empty<object>() })
            : JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["CallbackToken"] = callbackToken, ["FailureReason"] = "failed by the test" });
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var request = new HttpRequestMessage(HttpMethod.Post, Emulator.BaseAddress) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", success ? "SageMaker.SendPipelineExecutionStepSuccess" : "SageMaker.SendPipelineExecutionStepFailure");
        SigV4RequestSigner.Sign(request, body, new ImmutableCredentials(Emulator.AccessKeyId, Emulator.SecretAccessKey, null), "us-east-1", Clock.GetUtcNow());
        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        using var response = await http.SendAsync(request).Within();
        return response.StatusCode;
    }

    /// <summary>Log entries at Error or above, other than the ones a test expects.</summary>
    public IReadOnlyList<CapturedLog> UnexpectedErrors(params int[] expectedEventIds) =>
        [.. Logs.Entries.Where(e => e.Level >= LogLevel.Error && !expectedEventIds.Contains(e.EventId.Id))];

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
