using CancelGateway.Emulators.Faults;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Emulators.SageMaker.Auth;
using CancelGateway.Emulators.SageMaker.Executions;
using CancelGateway.Emulators.SageMaker.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.SageMaker;

/// <summary>
/// An Amazon SageMaker API on 127.0.0.1 over plain HTTP/1.1, speaking AWS JSON 1.1 (<c>POST /</c>,
/// <c>X-Amz-Target: SageMaker.{Action}</c>) behind real SigV4 verification, with the actions a
/// pipeline stop needs: StopPipelineExecution, DescribePipelineExecution,
/// ListPipelineExecutionSteps and SendPipelineExecutionStepSuccess/Failure. Seeded executions
/// follow the injected <see cref="TimeProvider"/>; an account rate limit and fault injection
/// stand in for a busy region. Any SDK works against it with <see cref="BaseAddress"/> as its
/// endpoint URL and <see cref="AccessKeyId"/>/<see cref="SecretAccessKey"/> as credentials.
/// </summary>
/// <example>
/// <code>
/// await using var sageMaker = await SageMakerEmulator.StartAsync();
/// sageMaker.AddExecution("arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/abc123").WithStep("train").WithCallbackStep("approve");
/// </code>
/// </example>
public sealed class SageMakerEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SageMakerExecutionStore _store;
    private readonly SageMakerCounters _counters;
    private readonly RequestRateLimiter _limiter;
    private readonly ILogger<SageMakerEmulator> _logger;
    private int _disposed;

    private SageMakerEmulator(WebApplication app, SageMakerEmulatorOptions options, SageMakerCounters counters, EmulatorFaults faults, Uri baseAddress)
    {
        _app = app;
        _counters = counters;
        _store = app.Services.GetRequiredService<SageMakerExecutionStore>();
        _limiter = app.Services.GetRequiredService<RequestRateLimiter>();
        _logger = app.Services.GetRequiredService<ILogger<SageMakerEmulator>>();
        AccessKeyId = options.AccessKeyId;
        SecretAccessKey = options.SecretAccessKey;
        SessionToken = options.SessionToken;
        Faults = faults;
        BaseAddress = baseAddress;
    }

    /// <summary>The endpoint URL, e.g. <c>http://127.0.0.1:41234/</c>: every action is a POST to it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The access key id the emulator accepts.</summary>
    public string AccessKeyId { get; }

    /// <summary>The secret access key requests must be signed with. A secret: keep it out of logs and output.</summary>
    public string SecretAccessKey { get; }

    /// <summary>The session token requests must carry, when the emulator was started with temporary credentials.</summary>
    public string? SessionToken { get; }

    /// <summary>The fault settings, which may be changed while the emulator runs.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>The account's rate limit in requests per second (all actions), changeable while it runs; null for none. Setting it refills the bucket.</summary>
    public double? ThrottleLimit
    {
        get => _limiter.RequestsPerSecond;
        set => _limiter.RequestsPerSecond = value;
    }

    /// <summary>StopPipelineExecution requests for <paramref name="arn"/>, counted on arrival (faulted and rejected ones too).</summary>
    public int StopCalls(string arn) => _counters.Calls("StopPipelineExecution", arn);

    /// <summary>
    /// Stops of <paramref name="arn"/> that took effect: each accepted ClientRequestToken counts once.
    /// A repeat of a token (an SDK's or the gateway's retry) does not count again, whatever its answer;
    /// one faulted before it took effect, or refused, does not count.
    /// </summary>
    public int AcceptedStops(string arn) => _counters.AcceptedStops(arn);

    /// <summary>The ClientRequestTokens of the stops of <paramref name="arn"/> that took effect, in order.</summary>
    public IReadOnlyList<string> StopRequestTokens(string arn) => _counters.StopTokens(arn);

    /// <summary>DescribePipelineExecution requests for <paramref name="arn"/> (counted on arrival).</summary>
    public int DescribeCalls(string arn) => _counters.Calls("DescribePipelineExecution", arn);

    /// <summary>ListPipelineExecutionSteps requests for <paramref name="arn"/>, one per page (counted on arrival).</summary>
    public int ListStepsCalls(string arn) => _counters.Calls("ListPipelineExecutionSteps", arn);

    /// <summary>SendPipelineExecutionStepSuccess and Failure requests, all executions (counted on arrival).</summary>
    public int SendStepCalls => _counters.SendStepCalls;

    /// <summary>Requests answered ThrottlingException, by the rate limit or by fault injection.</summary>
    public int ThrottledRequests => _counters.ThrottledRequests;

    /// <summary>Every request received, whatever its action or fate.</summary>
    public int TotalRequests => _counters.TotalRequests;

    /// <summary>Starts an emulator on 127.0.0.1 (port from <paramref name="options"/>, 0 = any free port).</summary>
    /// <param name="options">Settings; null for the defaults (the demo credentials, no rate limit).</param>
    /// <param name="timeProvider">The clock of execution statuses, SigV4 time checks and the rate limit; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<SageMakerEmulator> StartAsync(
        SageMakerEmulatorOptions? options = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new SageMakerEmulatorOptions();
        options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var faults = options.Faults ?? new EmulatorFaults();
        var counters = new SageMakerCounters();
        var limiter = new RequestRateLimiter(time) { RequestsPerSecond = options.RequestsPerSecond };
        var app = await EmulatorWebApp.StartAsync(
            options.Port,
            options.ConfigureLogging,
            services => services
                .AddSingleton(counters)
                .AddSingleton(limiter)
                .AddSingleton(new SageMakerExecutionStore(time, counters))
                .AddSingleton(new SigV4Verifier(time, options.AccessKeyId, options.SecretAccessKey, options.SessionToken))
                .AddSingleton<SageMakerRequestHandler>(),
            new EmulatorPipeline(
                CountOnArrivalAsync(counters),
                faults,
                new SageMakerFaultResponder(counters),
                OnHandled: null,
                provider => provider.GetRequiredService<SageMakerRequestHandler>().HandleAsync,
                new EmulatorCounters(time, counters.AcceptedStopsByRun)),
            cancellationToken);

        var emulator = new SageMakerEmulator(app, options, counters, faults, EmulatorWebApp.GetBaseAddress(app));
        SageMakerEmulatorLog.Started(emulator._logger, emulator.BaseAddress, options.AccessKeyId);
        return emulator;
    }

    /// <summary>Adds an execution, Executing and created now, with no steps unless the returned builder adds some.</summary>
    /// <param name="arn"><c>arn:aws:sagemaker:{region}:{account}:pipeline/{pipeline}/execution/{id}</c>.</param>
    /// <exception cref="ArgumentException">The ARN is malformed or already taken.</exception>
    public SageMakerExecutionBuilder AddExecution(string arn)
    {
        if (!ExecutionArn.TryParse(arn, out var parsed) || parsed.Value.Pipeline.Length == 0 || parsed.Value.ExecutionId.Length == 0)
        {
            throw new ArgumentException($"\"{arn}\" is not arn:aws:sagemaker:{{region}}:{{account}}:pipeline/{{pipeline}}/execution/{{id}}.", nameof(arn));
        }

        var execution = _store.Add(parsed.Value);
        SageMakerEmulatorLog.ExecutionSeeded(_logger, arn);
        return new SageMakerExecutionBuilder(_store, execution);
    }

    /// <summary>The execution as DescribePipelineExecution and ListPipelineExecutionSteps would show it now (ignoring permissions), or null.</summary>
    public SageMakerExecutionSnapshot? GetExecution(string arn) => _store.Find(arn);

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync();
            SageMakerEmulatorLog.Stopped(_logger, BaseAddress);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>
    /// Reads the body once, on arrival, to count the request by action and execution ARN before
    /// faults and authentication, and leaves it for the handler (SigV4 needs the exact bytes).
    /// </summary>
    private static Func<HttpContext, RequestDelegate, Task> CountOnArrivalAsync(SageMakerCounters counters) => async (context, next) =>
    {
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested || e is BadHttpRequestException or IOException)
        {
            // A body cut short: the client left; there is nobody to answer.
            return;
        }

        context.Items[SageMakerRequestHandler.BodyItem] = body;
        counters.Count(SageMakerRequestHandler.ActionOf(context.Request), SageMakerRequestBody.PeekExecutionArn(body));
        await next(context);
    };
}
