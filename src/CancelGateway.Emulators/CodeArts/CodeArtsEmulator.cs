using System.Security.Cryptography;
using CancelGateway.Emulators.CodeArts.Auth;
using CancelGateway.Emulators.CodeArts.Http;
using CancelGateway.Emulators.CodeArts.Runs;
using CancelGateway.Emulators.Faults;
using CancelGateway.Emulators.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.CodeArts;

/// <summary>
/// A Huawei Cloud CodeArts Pipeline API on 127.0.0.1 over plain HTTP/1.1: StopPipelineRun and
/// ShowPipelineRunDetail (v5) behind API Gateway's real checks (an IAM <c>X-Auth-Token</c>, or an
/// SDK-HMAC-SHA256 AK/SK signature verified with a 15-minute clock tolerance), and IAM's
/// <c>POST /v3/auth/tokens</c> (password authentication) on the same base address, so one
/// address serves as both the CodeArts endpoint and the IAM endpoint. Runs are state machines
/// over the injected <see cref="TimeProvider"/>; faults come from the shared <see cref="EmulatorFaults"/>.
/// </summary>
/// <example>
/// <code>
/// await using var codeArts = await CodeArtsEmulator.StartAsync();
/// var run = codeArts.AddRun().LosesRace();
/// // POST {codeArts.BaseAddress}v5/{run.ProjectId}/api/pipelines/{run.PipelineId}/pipeline-runs/{run.RunId}/stop
/// </code>
/// </example>
public sealed class CodeArtsEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CodeArtsEmulatorOptions _options;
    private readonly CodeArtsRunStore _store;
    private readonly CodeArtsCounters _counters;
    private readonly IamTokenStore _tokens;
    private readonly ILogger<CodeArtsEmulator> _logger;
    private int _disposed;

    private CodeArtsEmulator(WebApplication app, CodeArtsEmulatorOptions options, CodeArtsCounters counters, EmulatorFaults faults, Uri baseAddress)
    {
        _app = app;
        _options = options;
        _counters = counters;
        _store = app.Services.GetRequiredService<CodeArtsRunStore>();
        _tokens = app.Services.GetRequiredService<IamTokenStore>();
        _logger = app.Services.GetRequiredService<ILogger<CodeArtsEmulator>>();
        Faults = faults;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the CodeArts API listens, e.g. <c>http://127.0.0.1:41234/</c>; methods are under <c>{BaseAddress}v5/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Where IAM listens: the same address (<c>{IamEndpoint}v3/auth/tokens</c>).</summary>
    public Uri IamEndpoint => BaseAddress;

    /// <summary>The region it stands for (the IAM project name tokens are scoped to).</summary>
    public string Region => _options.Region;

    /// <summary>The IAM project ID of <see cref="Region"/>.</summary>
    public string IamProjectId => _options.IamProjectId;

    /// <summary>The IAM user name it accepts.</summary>
    public string UserName => _options.UserName;

    /// <summary>That user's password. A credential: keep it out of logs.</summary>
    public string Password => _options.Password;

    /// <summary>The user's account (domain) name.</summary>
    public string DomainName => _options.DomainName;

    /// <summary>The access key ID it accepts in signatures.</summary>
    public string AccessKey => _options.AccessKey;

    /// <summary>Its secret access key. A credential: keep it out of logs.</summary>
    public string SecretKey => _options.SecretKey;

    /// <summary>The temporary access key ID it accepts with <see cref="SecurityToken"/>.</summary>
    public string TemporaryAccessKey => _options.TemporaryAccessKey;

    /// <summary>Its secret access key. A credential: keep it out of logs.</summary>
    public string TemporarySecretKey => _options.TemporarySecretKey;

    /// <summary>The security token of the temporary access key. A credential: keep it out of logs.</summary>
    public string SecurityToken => _options.SecurityToken;

    /// <summary>The fault settings, which may be changed while the emulator runs.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>Requests received for StopPipelineRun of <paramref name="runId"/> (counted on arrival, so faulted and refused ones too).</summary>
    public int StopCalls(string runId) => _counters.StopCalls(runId);

    /// <summary>StopPipelineRun requests for <paramref name="runId"/> the API answered 200 (before any after-effect fault replaced the answer).</summary>
    public int AcceptedStops(string runId) => _counters.AcceptedStops(runId);

    /// <summary>Requests received for ShowPipelineRunDetail of <paramref name="runId"/> (counted on arrival).</summary>
    public int DetailCalls(string runId) => _counters.DetailCalls(runId);

    /// <summary>StopPipelineRun requests received, any run.</summary>
    public int StopCallsTotal => _counters.StopCallsTotal;

    /// <summary>ShowPipelineRunDetail requests received, any run.</summary>
    public int DetailCallsTotal => _counters.DetailCallsTotal;

    /// <summary>Requests received for <c>POST /v3/auth/tokens</c>, accepted or not.</summary>
    public int TokenRequests => _counters.TokenRequests;

    /// <summary>Tokens issued (201 answers of <c>/v3/auth/tokens</c>).</summary>
    public int TokensIssued => _counters.TokensIssued;

    /// <summary>Every request received, whatever its path or fate.</summary>
    public int TotalRequests => _counters.TotalRequests;

    /// <summary>
    /// CancelGateway's name for a CodeArts run (the API has none of its own):
    /// <c>codearts/regions/{region}/projects/{project_id}/pipelines/{pipeline_id}/runs/{run_id}</c>.
    /// </summary>
    public static string RunNameOf(string region, string projectId, string pipelineId, string runId) =>
        $"codearts/regions/{region}/projects/{projectId}/pipelines/{pipelineId}/runs/{runId}";

    /// <summary>Starts an emulator on 127.0.0.1 (port from <paramref name="options"/>, 0 = any free port).</summary>
    /// <param name="options">Settings; null for the defaults (demo credentials, cn-north-4).</param>
    /// <param name="timeProvider">The clock of run statuses, token expiry and signature dates; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<CodeArtsEmulator> StartAsync(
        CodeArtsEmulatorOptions? options = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new CodeArtsEmulatorOptions();
        options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var faults = options.Faults ?? new EmulatorFaults();
        var counters = new CodeArtsCounters();
        var app = await EmulatorWebApp.StartAsync(
            options.Port,
            options.ConfigureLogging,
            services => services
                .AddSingleton(options)
                .AddSingleton(time)
                .AddSingleton(new CodeArtsRunStore(time))
                .AddSingleton(new IamTokenStore(time, options.TokenLifetime))
                .AddSingleton<SdkSignatureVerifier>()
                .AddSingleton<IamTokenEndpoint>()
                .AddSingleton<CodeArtsRequestHandler>(),
            new EmulatorPipeline(
                (context, next) =>
                {
                    CodeArtsResponse.AssignRequestId(context);
                    counters.Count(RouteOf(context));
                    return next(context);
                },
                faults,
                new CodeArtsFaultResponder(),
                context => counters.CountHandled(RouteOf(context), context.Response.StatusCode),
                provider => provider.GetRequiredService<CodeArtsRequestHandler>().HandleAsync,
                new EmulatorCounters(time, counters.AcceptedStopsByRun, CodeArtsRoute.TokenPath)),
            cancellationToken);

        var emulator = new CodeArtsEmulator(app, options, counters, faults, EmulatorWebApp.GetBaseAddress(app));
        CodeArtsLog.Started(emulator._logger, emulator.BaseAddress, options.Region);
        return emulator;
    }

    /// <summary>Adds a run, RUNNING and started now unless the returned builder says otherwise.</summary>
    /// <param name="projectId">The CodeArts project ID; a new random one (32 hex digits) when null.</param>
    /// <param name="pipelineId">The pipeline ID; a new random one when null.</param>
    /// <param name="runId">The run ID; a new random one when null.</param>
    /// <exception cref="ArgumentException">An ID is not alphanumeric, or the run ID is taken.</exception>
    public CodeArtsRunBuilder AddRun(string? projectId = null, string? pipelineId = null, string? runId = null)
    {
        projectId ??= NewId();
        pipelineId ??= NewId();
        runId ??= NewId();
        foreach (var (id, name) in new[] { (projectId, nameof(projectId)), (pipelineId, nameof(pipelineId)), (runId, nameof(runId)) })
        {
            if (!CodeArtsRoute.IsId(id))
            {
                throw new ArgumentException($"\"{id}\" is not a CodeArts ID (1 to 64 letters and digits; real ones have 32).", name);
            }
        }

        var run = _store.Add(projectId, pipelineId, runId);
        CodeArtsLog.RunSeeded(_logger, runId, pipelineId, projectId);
        return new CodeArtsRunBuilder(_store, run, Region);
    }

    /// <summary>The run as a detail would report it now (ignoring permissions), or null if there is none.</summary>
    public CodeArtsRunSnapshot? GetRun(string runId) => _store.Find(runId);

    /// <summary>Invalidates every IAM token issued so far; the next call with one gets 401.</summary>
    public void RevokeTokens() => _tokens.RevokeAll();

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
            CodeArtsLog.Stopped(_logger, BaseAddress);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    private static CodeArtsRoute RouteOf(Microsoft.AspNetCore.Http.HttpContext context) =>
        CodeArtsRoute.Parse(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.Query[CodeArtsRequestHandler.RunIdQuery].FirstOrDefault());

    private static string NewId() => RandomNumberGenerator.GetHexString(32, lowercase: true);
}
