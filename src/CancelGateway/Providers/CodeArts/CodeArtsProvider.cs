using System.Text.Json;
using Grpc.Core;
using CancelGateway.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// Huawei Cloud CodeArts Pipeline over its REST v5 API: StopPipelineRun and ShowPipelineRunDetail,
/// authenticated with an IAM token or an AK/SK signature. A stop is asynchronous: 200
/// <c>{"success":true}</c> only means "accepted", the run stays RUNNING (CodeArts has no stopping
/// status) and the engine polls <see cref="GetStatusAsync"/> until it is CANCELED — or COMPLETED or
/// FAILED when the stop lost the race. There is one way to stop a run and no batch stop.
/// </summary>
internal sealed partial class CodeArtsProvider : IPipelineProvider
{
    /// <summary>The IHttpClientFactory client name (IAM calls use it too).</summary>
    public const string HttpClientName = "codearts";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ICodeArtsAuthenticator _authenticator;
    private readonly CodeArtsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CodeArtsProvider> _logger;

    public CodeArtsProvider(IHttpClientFactory httpClientFactory, ICodeArtsAuthenticator authenticator, IOptions<CodeArtsOptions> options, TimeProvider timeProvider, ILogger<CodeArtsProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _authenticator = authenticator;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
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
            throw Fail(new ProviderException(Provider.Codearts, StatusCode.FailedPrecondition, "FORCE_NOT_SUPPORTED", $"CodeArts has no forced stop; use GRACEFUL ({what}).", isTransient: false), what);
        }

        var result = await SendAsync(HttpMethod.Post, StopUri(run), run, what, cancellationToken);
        if (result.Error is { } error)
        {
            // Which codes CodeArts gives for stopping an ended run is not documented, so a 400 or
            // 409 is not read as "already ended" from its code: the run's detail decides. Other
            // refusals (401, 403, 404, 429, 5xx) mean what they say.
            if (error.HttpStatus is 400 or 409 && await EndedAsync(run, cancellationToken) is { } ended)
            {
                CodeArtsLog.StopAlreadyEnded(_logger, run.Text, ended.ProviderState);
                return CancelSubmission.AlreadyEnded;
            }

            throw Fail(CodeArtsErrorMapper.ToException(error, what, _authenticator.Mode), what);
        }

        if (ReadSuccess(result, what))
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

        throw Fail(new ProviderException(Provider.Codearts, StatusCode.Unavailable, CodeArtsErrorMapper.UnavailableReason, $"CodeArts answered success=false without an error while {what}.", isTransient: true, result.HttpStatus, requestId: result.RequestId), what);
    }

    public async Task<ProviderRunStatus> GetStatusAsync(RunName run, CancellationToken cancellationToken)
    {
        EnsureCodeArts(run);
        var what = $"reading {run.Text}";
        var result = await SendAsync(HttpMethod.Get, DetailUri(run), run, what, cancellationToken);
        if (result.Error is { } error)
        {
            throw Fail(CodeArtsErrorMapper.ToException(error, what, _authenticator.Mode), what);
        }

        string status;
        long endTime;
        try
        {
            using var document = JsonDocument.Parse(result.Body);
            var root = document.RootElement;
            status = root.GetProperty("status").GetString() ?? throw new JsonException("status is null.");
            endTime = root.TryGetProperty("end_time", out var end) && end.ValueKind == JsonValueKind.Number && end.TryGetInt64(out var ms) ? ms : 0;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw Fail(CodeArtsErrorMapper.FromInvalidResponse(what, result.HttpStatus, result.RequestId, ex), what);
        }

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

    private bool ReadSuccess(CodeArtsCallResult result, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(result.Body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("success", out var success)
                && success.ValueKind == JsonValueKind.True;
        }
        catch (JsonException ex)
        {
            throw Fail(CodeArtsErrorMapper.FromInvalidResponse(what, result.HttpStatus, result.RequestId, ex), what);
        }
    }

    /// <summary>The run's status when it has ended; null when it has not.</summary>
    private async Task<ProviderRunStatus?> EndedAsync(RunName run, CancellationToken cancellationToken)
    {
        var status = await GetStatusAsync(run, cancellationToken);
        return status.IsTerminal ? status : null;
    }
}
