using System.Text.Json;
using CancelGateway.Providers.Http;
using CancelGateway.Providers.VertexAi.Internal;
using CancelGateway.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.VertexAi;

/// <summary>
/// Vertex AI Pipelines over its REST v1 API: pipelineJobs.cancel, pipelineJobs.batchCancel and
/// pipelineJobs.get, and pipelineJobs.list for listing a location's runs. Cancellation is asynchronous and best effort on Vertex AI's side, so a
/// 200 only means "accepted"; the engine polls <see cref="GetStatusAsync"/> for the end.
/// </summary>
internal sealed partial class VertexAiProvider : IPipelineProvider
{
    /// <summary>The IHttpClientFactory client name.</summary>
    public const string HttpClientName = "vertex-ai";

    /// <summary>pipelineJobs:batchCancel takes at most 32 names.</summary>
    public const int BatchLimit = 32;

    private readonly ProviderHttp _http;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<VertexAiProvider> _logger;
    private readonly Uri? _endpoint;

    public VertexAiProvider(IHttpClientFactory httpClientFactory, [FromKeyedServices(Provider.VertexAi)] ProviderSecrets secrets, IOptions<VertexAiOptions> options, TimeProvider timeProvider, ILogger<VertexAiProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _http = new ProviderHttp(
            new ProviderHttpSettings(Provider.VertexAi, HttpClientName, "Vertex AI", "The Vertex AI token endpoint", VertexAiOptions.SectionName, settings.RequestTimeout, settings.MaxResponseBytes, VertexErrorMapper.RequestIdHeaders),
            new ProviderFailureLog(VertexAiLog.CallFailed, VertexAiLog.AuthenticationFailed),
            secrets,
            httpClientFactory,
            timeProvider,
            logger);

        // Relative paths resolve against the last '/', so a base without one would lose its last segment.
        _endpoint = settings.Endpoint is { } configured && !configured.AbsolutePath.EndsWith('/')
            ? new Uri(configured.AbsoluteUri + "/")
            : settings.Endpoint;
    }

    public Provider Provider => Provider.VertexAi;

    /// <summary>Vertex AI has one way to stop a pipeline job.</summary>
    public bool SupportsForce => false;

    public int MaxBatchSize => BatchLimit;

    /// <summary>batchCancel is per parent: projects/{project}/locations/{location}.</summary>
    public string BatchScope(RunName run)
    {
        EnsureVertex(run);
        return Parent(run);
    }

    public async Task<CancelSubmission> RequestCancelAsync(RunName run, CancelContext context, CancellationToken cancellationToken)
    {
        EnsureVertex(run);
        ArgumentNullException.ThrowIfNull(context);
        var what = $"cancelling {run.Text}";
        RejectForce(context, what);

        var (_, refusal) = await SendAsync(HttpMethod.Post, Url(run, run.Text + ":cancel"), "{}"u8.ToArray(), what, cancellationToken);
        if (refusal is not { } error)
        {
            VertexAiLog.CancelAccepted(_logger, run.Text);
            return CancelSubmission.Accepted;
        }

        // Vertex AI refuses to cancel a job that is not running with FAILED_PRECONDITION naming its state.
        if (VertexErrorMapper.RefusedInState(error) is { } state && RunStates.AfterRefusedCancel(VertexPipelineStates.ToRunState(state)) is { } outcome)
        {
            if (outcome == CancelSubmission.AlreadyEnded)
            {
                VertexAiLog.CancelAlreadyEnded(_logger, run.Text, state);
            }
            else
            {
                VertexAiLog.CancelAlreadyCancelling(_logger, run.Text);
            }

            return outcome;
        }

        throw _http.Fail(VertexErrorMapper.ToException(error, what), what);
    }

    public async Task RequestCancelBatchAsync(IReadOnlyList<RunName> runs, CancelContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(context);
        if (runs.Count is 0 or > BatchLimit)
        {
            throw new ArgumentException($"A Vertex AI batch holds 1 to {BatchLimit} runs; got {runs.Count}.", nameof(runs));
        }

        var first = runs[0];
        EnsureVertex(first);
        var parent = Parent(first);
        foreach (var run in runs)
        {
            EnsureVertex(run);
            if (Parent(run) != parent)
            {
                // AIP-235: a batch whose items have another parent must fail; the engine groups by BatchScope.
                throw new ArgumentException($"All runs of a Vertex AI batch share one parent; {run.Text} is not under {parent}.", nameof(runs));
            }
        }

        var what = $"cancelling {runs.Count} runs under {parent} in one batch";
        RejectForce(context, what);
        var body = JsonSerializer.SerializeToUtf8Bytes(new BatchCancelRequestJson { Names = [.. runs.Select(r => r.Text)] }, VertexJsonContext.Default.BatchCancelRequestJson);
        var (response, refusal) = await SendAsync(HttpMethod.Post, new Uri(BaseFor(first), $"v1/{parent}/pipelineJobs:batchCancel"), body, what, cancellationToken);
        if (refusal is { } error)
        {
            throw _http.Fail(VertexErrorMapper.ToException(error, what), what);
        }

        // The all-or-nothing checks happen before the operation is created; an operation that
        // already failed means none was cancelled.
        var operation = _http.Read(response, VertexJsonContext.Default.OperationJson, what);
        if (operation is { Done: true, Error: { Code: not 0 } failed })
        {
            throw _http.Fail(VertexErrorMapper.FromOperationError(failed.Code, _http.Secrets.Clean(failed.Message), operation.Name, what), what);
        }

        VertexAiLog.BatchCancelStarted(_logger, _http.Secrets.Clean(operation.Name) is { Length: > 0 } name ? name : "(unnamed)", runs.Count, parent);
    }

    public async Task<ProviderRunStatus> GetStatusAsync(RunName run, CancellationToken cancellationToken)
    {
        EnsureVertex(run);
        var what = $"reading {run.Text}";
        var (response, refusal) = await SendAsync(HttpMethod.Get, Url(run, run.Text), json: null, what, cancellationToken);
        if (refusal is { } error)
        {
            throw _http.Fail(VertexErrorMapper.ToException(error, what), what);
        }

        var job = _http.Read(response, VertexJsonContext.Default.PipelineJobJson, what);
        var state = _http.Secrets.Clean(job.State) is { Length: > 0 } named ? named : VertexPipelineStates.Unspecified;
        var message = _http.Secrets.Clean(job.Error?.Message);
        VertexAiLog.StatusRead(_logger, run.Text, state);
        return new ProviderRunStatus(VertexPipelineStates.ToRunState(state), state, Rfc3339.Parse(job.EndTime), message.Length > 0 ? message : null);
    }

    private static string Parent(RunName run) => $"projects/{run[VertexRunNameForm.Project]}/locations/{run[VertexRunNameForm.Location]}";

    private static void EnsureVertex(RunName run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Provider != Provider.VertexAi)
        {
            throw new ArgumentException($"{run.Text} is not a Vertex AI run.", nameof(run));
        }
    }

    private void RejectForce(CancelContext context, string what)
    {
        // The engine checks SupportsForce first; this only guards against a caller that did not,
        // so that FORCE never silently degrades to a graceful stop.
        if (context.Mode == CancelMode.Force)
        {
            throw _http.Fail(new ProviderException(Provider.VertexAi, ProviderFailureKind.ForceNotSupported, $"Vertex AI has no forced cancellation; use GRACEFUL ({what})."), what);
        }
    }
}
