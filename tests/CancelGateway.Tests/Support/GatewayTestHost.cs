using CancelGateway.Emulators.Vertex;
using CancelGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Tests.Support;

/// <summary>
/// The real gateway host (<see cref="GatewayApp"/>: Kestrel, the engine, the SQLite store, the
/// Vertex AI adapter) in this process on 127.0.0.1:0, pointed at a test's Vertex AI emulator,
/// with fast engine settings and every log captured.
/// </summary>
internal sealed class GatewayTestHost : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private GatewayTestHost(WebApplication app, CapturingLoggerProvider logs, string databasePath)
    {
        App = app;
        Logs = logs;
        DatabasePath = databasePath;
        var listeners = app.Services.GetRequiredService<GatewayListeners>();
        Address = listeners.GrpcAddress;
        HttpAddress = listeners.HttpAddress ?? throw new InvalidOperationException("The test host runs with Gateway:HttpListen on port 0; it is missing.");
        Client = new GatewayClient(Address);
    }

    public WebApplication App { get; }

    public CapturingLoggerProvider Logs { get; }

    public string DatabasePath { get; }

    /// <summary><c>http://127.0.0.1:{port}</c>.</summary>
    public Uri Address { get; }

    /// <summary>REST/JSON and gRPC-Web over cleartext HTTP/1.1: <c>http://127.0.0.1:{port}</c>.</summary>
    public Uri HttpAddress { get; }

    /// <summary>A client on one shared channel.</summary>
    public GatewayClient Client { get; }

    /// <summary>Engine settings that keep a functional test fast; real time, but short intervals.</summary>
    public static IReadOnlyDictionary<string, string> FastEngine { get; } = new Dictionary<string, string>
    {
        ["Engine:PollInitialInterval"] = "00:00:00.020",
        ["Engine:PollMaxInterval"] = "00:00:00.200",
        ["Engine:RetryInitialDelay"] = "00:00:00.010",
        ["Engine:RetryMaxDelay"] = "00:00:00.200",
        ["Engine:ProviderRequestsPerSecond"] = "2000",
        ["Engine:ProviderConcurrency"] = "64",
        ["Engine:BatchProgressInterval"] = "00:00:00.050",
    };

    /// <summary>The command line of a gateway on 127.0.0.1:0 over <paramref name="databasePath"/> and <paramref name="emulator"/>.</summary>
    public static string[] Arguments(VertexEmulator emulator, string keyFile, string databasePath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(FastEngine)
        {
            ["Gateway:Listen"] = "127.0.0.1:0",

            // Many gateways run at once: never the fixed default 8080.
            ["Gateway:HttpListen"] = "127.0.0.1:0",
            ["Storage:Sqlite:Path"] = databasePath,
            ["Providers:VertexAi:Endpoint"] = emulator.BaseAddress.AbsoluteUri,
            ["Providers:VertexAi:CredentialsFile"] = keyFile,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return [.. all.Select(setting => $"--{setting.Key}={setting.Value}")];
    }

    /// <summary>Builds and starts the gateway; <paramref name="logs"/> receives every entry (the emulator may share it).</summary>
    public static async Task<GatewayTestHost> StartAsync(VertexEmulator emulator, string keyFile, string databasePath, CapturingLoggerProvider logs, IReadOnlyDictionary<string, string>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var app = GatewayApp.Build(
            Arguments(emulator, keyFile, databasePath, settings),
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(logs);
                configure?.Invoke(builder);
            });
        try
        {
            await app.StartAsync().Within();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new GatewayTestHost(app, logs, databasePath);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            using var stop = new CancellationTokenSource(StopTimeout);
            await App.StopAsync(stop.Token);
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
