using System.Text;
using CancelGateway.Emulators.Faults;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Emulators.Vertex.Auth;
using CancelGateway.Emulators.Vertex.Http;
using CancelGateway.Emulators.Vertex.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.Vertex;

/// <summary>
/// A Vertex AI Pipelines API on 127.0.0.1 over plain HTTP/1.1: the v1 REST methods a
/// cancellation needs (<c>pipelineJobs.get</c>, <c>:cancel</c>, <c>:batchCancel</c> and its
/// operation) behind a real OAuth 2.0 service-account token flow, with seeded runs whose states
/// follow the injected <see cref="TimeProvider"/>, and fault injection.
/// </summary>
/// <example>
/// <code>
/// await using var vertex = await VertexEmulator.StartAsync();
/// vertex.AddRun("projects/p/locations/us-central1/pipelineJobs/j1").LosesRace();
/// // Point the client at {vertex.BaseAddress}v1/... with credentials from vertex.ServiceAccountKeyJson.
/// </code>
/// </example>
public sealed class VertexEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServiceAccountKey _key;
    private readonly VertexRunStore _store;
    private readonly VertexCounters _counters;
    private readonly AccessTokenStore _tokens;
    private readonly ILogger<VertexEmulator> _logger;
    private int _disposed;

    private VertexEmulator(WebApplication app, ServiceAccountKey key, VertexCounters counters, EmulatorFaults faults, Uri baseAddress)
    {
        _app = app;
        _key = key;
        _counters = counters;
        _store = app.Services.GetRequiredService<VertexRunStore>();
        _tokens = app.Services.GetRequiredService<AccessTokenStore>();
        _logger = app.Services.GetRequiredService<ILogger<VertexEmulator>>();
        Faults = faults;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the API listens, e.g. <c>http://127.0.0.1:41234/</c>; methods are under <c>{BaseAddress}v1/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// A Google service-account key file (JSON) made up at start, with a fresh RSA-2048 key and
    /// <c>token_uri</c> = <c>{BaseAddress}token</c>. It contains the private key: keep it out of logs.
    /// </summary>
    public string ServiceAccountKeyJson => _key.Json;

    /// <summary>The service account's e-mail, e.g. <c>gateway@demo-project.iam.gserviceaccount.com</c>.</summary>
    public string ClientEmail => _key.ClientEmail;

    /// <summary>The fault settings, which may be changed while the emulator runs.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>Requests received for <c>POST /v1/{name}:cancel</c> (counted on arrival, so faulted and rejected ones too).</summary>
    public int CancelCalls(string name) => _counters.CancelCalls(name);

    /// <summary>
    /// <c>:cancel</c> requests for <paramref name="name"/> that got past fault injection and took
    /// effect: the API answered 200 (it started the cancellation or found it under way). One whose
    /// answer an injected after-effect 503 then replaced still counts; one faulted before it took
    /// effect, or refused (403, 404, 400 for an ended run), does not.
    /// </summary>
    public int AcceptedCancels(string name) => _counters.AcceptedCancels(name);

    /// <summary>Requests received for <c>GET /v1/{name}</c> (counted on arrival).</summary>
    public int GetCalls(string name) => _counters.GetCalls(name);

    /// <summary>Requests received for <c>pipelineJobs:batchCancel</c>, any parent.</summary>
    public int BatchCancelCalls => _counters.BatchCancelCalls;

    /// <summary>Requests received for <c>POST /token</c>, accepted or not.</summary>
    public int TokenRequests => _counters.TokenRequests;

    /// <summary>Every request received, whatever its path or fate.</summary>
    public int TotalRequests => _counters.TotalRequests;

    /// <summary>Starts an emulator on 127.0.0.1 (port from <paramref name="options"/>, 0 = any free port).</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="timeProvider">The clock of run states, tokens and JWT checks; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<VertexEmulator> StartAsync(
        VertexEmulatorOptions? options = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new VertexEmulatorOptions();
        options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var faults = options.Faults ?? new EmulatorFaults();
        var counters = new VertexCounters();
        var key = ServiceAccountKey.Create(options.ProjectId, options.ServiceAccountId);
        try
        {
            var app = await EmulatorWebApp.StartAsync(
                options.Port,
                options.ConfigureLogging,
                services => services
                    .AddSingleton(new VertexRunStore(time))
                    .AddSingleton(new AccessTokenStore(time, options.TokenLifetime))
                    .AddSingleton(new JwtBearerGrantValidator(key, time))
                    .AddSingleton<TokenEndpoint>()
                    .AddSingleton<VertexRequestHandler>(),
                new EmulatorPipeline(
                    (context, next) =>
                    {
                        counters.Count(RouteOf(context));
                        return next(context);
                    },
                    faults,
                    new VertexFaultResponder(),
                    context => counters.CountHandled(RouteOf(context), context.Response.StatusCode),
                    provider => provider.GetRequiredService<VertexRequestHandler>().HandleAsync,
                    new EmulatorCounters(time, counters.AcceptedCancelsByRun, tokenPath: "/token")),
                cancellationToken);

            var baseAddress = EmulatorWebApp.GetBaseAddress(app);
            key.Bind(new Uri(baseAddress, "token"));
            var emulator = new VertexEmulator(app, key, counters, faults, baseAddress);
            VertexLog.Started(emulator._logger, baseAddress, key.ClientEmail);
            return emulator;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static VertexRoute RouteOf(Microsoft.AspNetCore.Http.HttpContext context) =>
        VertexRoute.Parse(context.Request.Method, context.Request.Path.Value ?? "/");

    /// <summary>Writes <see cref="ServiceAccountKeyJson"/> to <c>vertex-service-account.json</c> in <paramref name="directory"/> (owner-only on Unix).</summary>
    /// <returns>The file's full path.</returns>
    public string WriteServiceAccountKeyFile(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var path = Path.GetFullPath(Path.Combine(directory, "vertex-service-account.json"));
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // A private key: readable by its owner only, like gcloud's key files.
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, file);
        stream.Write(Encoding.UTF8.GetBytes(_key.Json));
        return path;
    }

    /// <summary>Adds a run, RUNNING and created now unless the returned builder says otherwise.</summary>
    /// <param name="name"><c>projects/{project}/locations/{location}/pipelineJobs/{job}</c>.</param>
    /// <exception cref="ArgumentException">The name is malformed or already taken.</exception>
    public VertexRunBuilder AddRun(string name)
    {
        if (!PipelineJobName.TryParse(name, out var parsed))
        {
            throw new ArgumentException($"\"{name}\" is not projects/{{project}}/locations/{{location}}/pipelineJobs/{{job}}.", nameof(name));
        }

        var run = _store.Add(parsed.Value);
        VertexLog.RunSeeded(_logger, name);
        return new VertexRunBuilder(_store, run);
    }

    /// <summary>The run as a GET would return it now (ignoring permissions), or null if there is none.</summary>
    public VertexRunSnapshot? GetRun(string name) => _store.Find(name);

    /// <summary>Invalidates every access token issued so far; the next call with one gets 401.</summary>
    public void RevokeTokens() => _tokens.RevokeAll();

    /// <summary>Stops the server and forgets the key.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync();
            VertexLog.Stopped(_logger, BaseAddress);
        }
        finally
        {
            await _app.DisposeAsync();
            _key.Dispose();
        }
    }
}
