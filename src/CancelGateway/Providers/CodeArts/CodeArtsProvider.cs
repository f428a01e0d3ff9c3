using System.Text.Json;
using CancelGateway.Providers.CodeArts.Internal;
using CancelGateway.Providers.Http;
using CancelGateway.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// Huawei Cloud CodeArts Pipeline over its REST v5 API: StopPipelineRun and ShowPipelineRunDetail
/// (and ListPipelineRuns for listing a pipeline's runs),
/// authenticated with an IAM token or an AK/SK signature. A stop is asynchronous: 200
/// <c>{"success":true}</c> only means "accepted", the run stays RUNNING (CodeArts has no stopping
/// status) and the engine polls <see cref="GetStatusAsync"/> until it is CANCELED — or COMPLETED or
/// FAILED when the stop lost the race. There is one way to stop a run and no batch stop.
/// </summary>
internal sealed partial class CodeArtsProvider : IPipelineProvider
{
    /// <summary>The IHttpClientFactory client name (IAM calls use it too).</summary>
    public const string HttpClientName = "codearts";

    private readonly ProviderHttp _http;
    private readonly ICodeArtsAuthenticator _authenticator;
    private readonly CodeArtsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CodeArtsProvider> _logger;

    public CodeArtsProvider(IHttpClientFactory httpClientFactory, ICodeArtsAuthenticator authenticator, [FromKeyedServices(Provider.Codearts)] ProviderSecrets secrets, IOptions<CodeArtsOptions> options, TimeProvider timeProvider, ILogger<CodeArtsProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authenticator = authenticator;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _http = new ProviderHttp(
            new ProviderHttpSettings(Provider.Codearts, HttpClientName, "CodeArts", "IAM", CodeArtsOptions.SectionName, _options.RequestTimeout, _options.MaxResponseBytes, CodeArtsErrorMapper.RequestIdHeaders),
            CodeArtsLog.Failures,
            secrets,
            httpClientFactory,
            timeProvider,
            logger);
        var identity = _options.EffectiveAuth == CodeArtsAuthMode.AkSk
            ? $"{(string.IsNullOrEmpty(_options.SecurityToken) ? "access key" : "temporary access key")} {_options.AccessKey}"
            : _options.ObtainsTokens ? $"IAM user {_options.UserName} of account {_options.DomainName}" : "a configured token";
        CodeArtsLog.Authenticating(logger, _options.EffectiveAuth, identity);
    }

    public Provider Provider => Provider.Codearts;

    /// <summary>CodeArts has one way to stop a run.</summary>
    public bool SupportsForce => false;

    /// <summary>CodeArts has no batch stop; the engine stops runs one by one.</summary>
    public int MaxBatchSize => 0;

    /// <summary>A run being stopped reads RUNNING until it is CANCELED: the run does not tell whether a stop went out.</summary>
    public bool ShowsStopping => false;

    public string BatchScope(RunName run)
    {
        EnsureCodeArts(run);
        return run.Text;
    }

    public Task RequestCancelBatchAsync(IReadOnlyList<RunName> runs, CancelContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException("CodeArts Pipeline has no batch stop; stop runs one by one.");

    public async Task<CancelSubmission> RequestCancelAsync(RunName run, CancelContext context, CancellationToken cancellationToken)
    {
        EnsureCodeArts(run);
        ArgumentNullException.ThrowIfNull(context);
        var what = $"stopping {run.Text}";
        if (context.Mode == CancelMode.Force)
        {
            // The engine checks SupportsForce first; this only guards against a caller that did not,
            // so that FORCE never silently degrades to a graceful stop.
            throw _http.Fail(new ProviderException(Provider.Codearts, ProviderFailureKind.ForceNotSupported, $"CodeArts has no forced stop; use GRACEFUL ({what})."), what);
        }

        var (response, refusal) = await SendAsync(HttpMethod.Post, StopUri(run), run, what, cancellationToken);
        if (refusal is { } error)
        {
            // Which codes CodeArts gives for stopping an ended run is not documented, so a 400 or
            // 409 is not read as "already ended" from its code: the run's detail decides. Other
            // refusals (401, 403, 404, 429, 5xx) mean what they say.
            if (error.HttpStatus is 400 or 409 && await EndedAsync(run, cancellationToken) is { } ended)
            {
                CodeArtsLog.StopAlreadyEnded(_logger, run.Text, ended.ProviderState);
                return CancelSubmission.AlreadyEnded;
            }

            throw _http.Fail(CodeArtsErrorMapper.ToException(error, what, _authenticator.Mode), what);
        }

        if (_http.Read(response, CodeArtsJsonContext.Default.StopRunResponseJson, what).Success is { ValueKind: JsonValueKind.True })
        {
            CodeArtsLog.StopAccepted(_logger, run.Text);
            return CancelSubmission.Accepted;
        }

        // 200 with success=false: not accepted, and not said why. An ended run explains it; otherwise
        // it is treated as a passing refusal (a stop is idempotent, so a retry is safe).
        if (await EndedAsync(run, cancellationToken) is { } over)
        {
            CodeArtsLog.StopAlreadyEnded(_logger, run.Text, over.ProviderState);
            return CancelSubmission.AlreadyEnded;
        }

        throw _http.Fail(new ProviderException(Provider.Codearts, ProviderFailureKind.Unavailable, $"CodeArts answered success=false without an error while {what}.", response.HttpStatus, requestId: response.RequestId), what);
    }

    public async Task<ProviderRunStatus> GetStatusAsync(RunName run, CancellationToken cancellationToken)
    {
        EnsureCodeArts(run);
        var what = $"reading {run.Text}";
        var (response, refusal) = await SendAsync(HttpMethod.Get, DetailUri(run), run, what, cancellationToken);
        if (refusal is { } error)
        {
            throw _http.Fail(CodeArtsErrorMapper.ToException(error, what, _authenticator.Mode), what);
        }

        var detail = _http.Read(response, CodeArtsJsonContext.Default.PipelineRunDetailJson, what);
        if (detail.Status is null)
        {
            throw _http.Fail(_http.InvalidResponse($"CodeArts answered HTTP {response.HttpStatus} without a run status while {what}.", response), what);
        }

        var status = _http.Secrets.Clean(detail.Status);
        var endTime = detail.EndTime is { ValueKind: JsonValueKind.Number } end && end.TryGetInt64(out var ms) ? ms : 0;
        CodeArtsLog.StatusRead(_logger, run.Text, status);

        // end_time is milliseconds since the epoch, 0 while the run has not ended.
        DateTimeOffset? ended = endTime > 0 && endTime < DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() ? DateTimeOffset.FromUnixTimeMilliseconds(endTime) : null;
        return new ProviderRunStatus(CodeArtsRunStatuses.ToRunState(status), status, ended);
    }

    private static void EnsureCodeArts(RunName run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Provider != Provider.Codearts)
        {
            throw new ArgumentException($"{run.Text} is not a CodeArts run.", nameof(run));
        }
    }

    /// <summary>The run's status when it has ended; null when it has not.</summary>
    private async Task<ProviderRunStatus?> EndedAsync(RunName run, CancellationToken cancellationToken)
    {
        var status = await GetStatusAsync(run, cancellationToken);
        return status.IsTerminal ? status : null;
    }
}
