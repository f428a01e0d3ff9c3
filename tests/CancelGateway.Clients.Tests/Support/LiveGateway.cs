using CancelGateway.Emulators.Hosting;
using CancelGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Clients.Tests.Support;

/// <summary>
/// The gateway on its embedded defaults (the provider emulators in-process, seeded with the demo
/// runs), in-process on 127.0.0.1:0 for gRPC and HTTP/1.1, with a database of its own: every test
/// gets fresh demo runs. The emulators are at hand to seed more.
/// </summary>
internal sealed class LiveGateway : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly string _directory;
    private readonly WebApplication _app;

    private LiveGateway(string directory, WebApplication app, EmulatorHost emulators)
    {
        _directory = directory;
        _app = app;
        Emulators = emulators;
        var listeners = app.Services.GetRequiredService<GatewayListeners>();
        GrpcAddress = listeners.GrpcAddress;
        HttpAddress = listeners.HttpAddress!;
    }

    /// <summary><c>http://127.0.0.1:{port}</c>: gRPC over h2c.</summary>
    public Uri GrpcAddress { get; }

    /// <summary><c>127.0.0.1:{port}</c>, as the example clients take it.</summary>
    public string GrpcHostPort => $"{GrpcAddress.Host}:{GrpcAddress.Port}";

    /// <summary><c>http://127.0.0.1:{port}</c>: REST/JSON over HTTP/1.1.</summary>
    public Uri HttpAddress { get; }

    public EmulatorHost Emulators { get; }

    /// <param name="settings">More of the gateway's settings, e.g. <c>--Gateway:TlsCertificateFile=…</c>.</param>
    public static async Task<LiveGateway> StartAsync(params string[] settings)
    {
        var directory = Directory.CreateTempSubdirectory("cancelgateway-clients-").FullName;
        var (app, emulators) = await GatewayApp.BuildAsync(
            [
                "--Gateway:Listen=127.0.0.1:0",
                "--Gateway:HttpListen=127.0.0.1:0",
                $"--Storage:Sqlite:Path={Path.Combine(directory, "operations.db")}",
                "--Emulators:Enabled=true",
                "--Engine:PollInitialInterval=00:00:00.100",
                "--Engine:PollMaxInterval=00:00:00.250",
                .. settings,
            ],
            builder => builder.Logging.ClearProviders()).WaitAsync(StartTimeout);
        await app.StartAsync().WaitAsync(StartTimeout);
        return new LiveGateway(directory, app, emulators ?? throw new InvalidOperationException("The embedded emulators did not start."));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var stop = new CancellationTokenSource(StopTimeout);
            await _app.StopAsync(stop.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp directory must not fail a test.
            }
        }
    }
}
