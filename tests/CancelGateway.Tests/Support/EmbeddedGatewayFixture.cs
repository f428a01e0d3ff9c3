using CancelGateway.Demo;
using CancelGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Tests.Support;

/// <summary>
/// The gateway on the demo defaults (src/CancelGateway.Demo) (the three provider emulators in-process, seeded with
/// <see cref="Emulators.Hosting.DemoRuns"/>), as the README's first command (the demo launcher) starts it, but on
/// 127.0.0.1:0 for both gRPC and HTTP/1.1 and with every log captured. Shared by a test class:
/// each test uses demo runs the class's other tests leave alone.
/// </summary>
public sealed class EmbeddedGatewayFixture : IAsyncLifetime
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private TempDirectory? _directory;
    private WebApplication? _app;
    private GatewayClient? _client;

    internal CapturingLoggerProvider Logs { get; } = new();

    /// <summary>gRPC (h2c), and gRPC-Web over HTTP/2: <c>http://127.0.0.1:{port}</c>.</summary>
    internal Uri Address { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>REST/JSON and gRPC-Web over cleartext HTTP/1.1: <c>http://127.0.0.1:{port}</c>.</summary>
    internal Uri HttpAddress { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>A gRPC client, for steps a test does not exercise over REST or gRPC-Web.</summary>
    internal GatewayClient Client => _client ?? throw new InvalidOperationException("Not started.");

    /// <summary>Fails when anything was logged as an error.</summary>
    internal void AssertNoUnexpectedErrors()
    {
        var errors = Logs.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, "Unexpected error logs:\n" + string.Join('\n', errors.Select(e => $"{e.Category}[{e.EventId.Id}] {e.Level}: {e.Message} {e.Exception}")));
    }

    public async Task InitializeAsync()
    {
        _directory = new TempDirectory();
        var (app, emulators) = await DemoGateway.BuildAsync(
            [
                "--Gateway:Listen=127.0.0.1:0",
                "--Gateway:HttpListen=127.0.0.1:0",
                $"--Storage:Sqlite:Path={_directory.File("operations.db")}",
                "--Engine:PollInitialInterval=00:00:00.050",
                "--Engine:PollMaxInterval=00:00:00.250",
            ],
            builder => builder.Logging.ClearProviders().AddProvider(Logs)).Within();
        _app = app;
        Assert.NotNull(emulators);
        await app.StartAsync().Within();
        var listeners = app.Services.GetRequiredService<GatewayListeners>();
        Address = listeners.GrpcAddress;
        HttpAddress = listeners.HttpAddress ?? throw new InvalidOperationException("Gateway:HttpListen was set, yet there is no HTTP/1.1 listener.");
        _client = new GatewayClient(Address);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            try
            {
                using var stop = new CancellationTokenSource(StopTimeout);
                await _app.StopAsync(stop.Token);
            }
            finally
            {
                await _app.DisposeAsync();
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory?.Dispose();
    }
}
