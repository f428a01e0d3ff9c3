using System.Text.Json;
using CancelGateway.Providers.Http;
using CancelGateway.Providers.SageMaker.Internal;
using CancelGateway.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.SageMaker;

/// <summary>
/// Amazon SageMaker Pipelines over its AWS JSON 1.1 API, signed with SigV4:
/// StopPipelineExecution (with a ClientRequestToken derived from the gateway operation, so
/// SageMaker deduplicates the gateway's retries too), DescribePipelineExecution, and
/// ListPipelineExecutionSteps to show what holds a stop back (callback steps waiting for their
/// token, Lambda steps running to their end). FORCE fails the waiting callback steps with
/// SendPipelineExecutionStepFailure. ListPipelineExecutions lists a pipeline's executions. A stop is asynchronous: the engine polls
/// <see cref="GetStatusAsync"/> until the execution has ended.
/// </summary>
internal sealed partial class SageMakerProvider : IPipelineProvider
{
    /// <summary>The IHttpClientFactory client name.</summary>
    public const string HttpClientName = "sagemaker";

    private readonly ProviderHttp _http;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SageMakerProvider> _logger;
    private readonly Uri? _endpoint;

    public SageMakerProvider(IHttpClientFactory httpClientFactory, [FromKeyedServices(Provider.Sagemaker)] ProviderSecrets secrets, IOptions<SageMakerOptions> options, TimeProvider timeProvider, ILogger<SageMakerProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _endpoint = settings.Endpoint;
        _http = new ProviderHttp(
            new ProviderHttpSettings(Provider.Sagemaker, HttpClientName, "SageMaker", "The AWS credential chain", SageMakerOptions.SectionName, settings.RequestTimeout, settings.MaxResponseBytes, SageMakerErrorMapper.RequestIdHeaders),
            new ProviderFailureLog(SageMakerLog.CallFailed, SageMakerLog.AuthenticationFailed),
            secrets,
            httpClientFactory,
            timeProvider,
            logger);
    }

    public Provider Provider => Provider.Sagemaker;

    /// <summary>SageMaker lets a caller fail a waiting callback step with its token: that is FORCE.</summary>
    public bool SupportsForce => true;

    /// <summary>SageMaker has no batch stop: each execution is stopped on its own.</summary>
    public int MaxBatchSize => 0;

    /// <summary>A status read is DescribePipelineExecution plus ListPipelineExecutionSteps (one page of 100 steps covers most pipelines).</summary>
    public int RequestsPerStatusRead => 2;

    /// <summary>No batch scope to share: an execution is its own.</summary>
    public string BatchScope(RunName run)
    {
        EnsureSageMaker(run);
        return run.Text;
    }

    public Task RequestCancelBatchAsync(IReadOnlyList<RunName> runs, CancelContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException("SageMaker has no batch stop (MaxBatchSize is 0); stop each execution with RequestCancelAsync.");

    public async Task<CancelSubmission> RequestCancelAsync(RunName run, CancelContext context, CancellationToken cancellationToken)
    {
        EnsureSageMaker(run);
        ArgumentNullException.ThrowIfNull(context);
        var what = $"stopping {run.Text}";
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new StopPipelineExecutionRequestJson { PipelineExecutionArn = run.Text, ClientRequestToken = ClientTokens.ForStop(context.OperationId) },
            SageMakerJsonContext.Default.StopPipelineExecutionRequestJson);
        var (_, refusal) = await SendAsync("StopPipelineExecution", body, run, what, cancellationToken);
        if (refusal is not { } error)
        {
            SageMakerLog.StopAccepted(_logger, run.Text);
            return CancelSubmission.Accepted;
        }

        // AWS's model declares ConflictException for StopPipelineExecution, and an ended execution
        // has also been refused with a ValidationException; neither code nor message wording says
        // for sure that the execution has ended, so the execution itself is read and decides.
        // One already stopping is as good as accepted.
        if (error.Code is SageMakerErrorMapper.ConflictCode or SageMakerErrorMapper.ValidationCode)
        {
            var status = _http.Secrets.Clean((await DescribeAsync(run, what, cancellationToken)).PipelineExecutionStatus);
            if (RunStates.AfterRefusedCancel(SageMakerExecutionStatuses.ToRunState(status)) is { } outcome)
            {
                if (outcome == CancelSubmission.AlreadyEnded)
                {
                    SageMakerLog.StopAlreadyEnded(_logger, run.Text, status);
                }
                else
                {
                    SageMakerLog.StopAlreadyStopping(_logger, run.Text);
                }

                return outcome;
            }
        }

        throw _http.Fail(SageMakerErrorMapper.ToException(error, what), what);
    }

    public async Task<ProviderRunStatus> GetStatusAsync(RunName run, CancellationToken cancellationToken)
    {
        EnsureSageMaker(run);
        var what = $"reading {run.Text}";
        var execution = await DescribeAsync(run, what, cancellationToken);
        var status = _http.Secrets.Clean(execution.PipelineExecutionStatus);
        var state = SageMakerExecutionStatuses.ToRunState(status);
        var ended = RunStates.IsTerminal(state);
        var message = _http.Secrets.Clean(execution.FailureReason);

        // Only a running or stopping execution has steps that can hold its stop.
        IReadOnlyList<StopBlocker>? blockers = status is SageMakerExecutionStatuses.Executing or SageMakerExecutionStatuses.Stopping
            ? Blockers(await ListStepsAsync(run, what, cancellationToken), includeForced: status == SageMakerExecutionStatuses.Stopping)
            : null;
        SageMakerLog.StatusRead(_logger, run.Text, status, blockers?.Count ?? 0);
        return new ProviderRunStatus(
            state,
            status.Length > 0 ? status : "(none)",
            ended ? FromEpochSeconds(execution.LastModifiedTime) : null,
            message.Length > 0 ? message : null,
            blockers);
    }

    private async Task<DescribeExecutionResponseJson> DescribeAsync(RunName run, string what, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new ExecutionArnJson { PipelineExecutionArn = run.Text }, SageMakerJsonContext.Default.ExecutionArnJson);
        var (response, refusal) = await SendAsync("DescribePipelineExecution", body, run, what, cancellationToken);
        if (refusal is { } error)
        {
            throw _http.Fail(SageMakerErrorMapper.ToException(error, what), what);
        }

        return _http.Read(response, SageMakerJsonContext.Default.DescribeExecutionResponseJson, what);
    }

    private static DateTimeOffset? FromEpochSeconds(double? seconds) =>
        seconds is { } s && double.IsFinite(s) && s >= 0 && s < 253402300800 ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(s * 1000)) : null;

    private static void EnsureSageMaker(RunName run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Provider != Provider.Sagemaker)
        {
            throw new ArgumentException($"{run.Text} is not a SageMaker pipeline execution.", nameof(run));
        }
    }
}
