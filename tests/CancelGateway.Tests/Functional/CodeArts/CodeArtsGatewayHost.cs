using CancelGateway.Emulators.CodeArts;
using CancelGateway.Hosting;
using CancelGateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Tests.Functional.CodeArts;

/// <summary>
/// A CodeArts emulator on the real clock and the real gateway host (<see cref="GatewayApp"/>) in
/// front of it on 127.0.0.1:0, configured for CodeArts only (AK/SK or IAM user and password), with
/// fast engine settings and one log capture for both. One per test: each chooses its credentials.
/// </summary>
internal sealed class CodeArtsGatewayHost : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _directory;

    private CodeArtsGatewayHost(CodeArtsEmulator emulator, WebApplication app, CapturingLoggerProvider logs, TempDirectory directory)
    {
        Emulator = emulator;
        App = app;
        Logs = logs;
        _directory = directory;
        Address = app.Services.GetRequiredService<GatewayListeners>().GrpcAddress;
        Client = new GatewayClient(Address);
    }

    public CodeArtsEmulator Emulator { get; }

    public WebApplication App { get; }

    public CapturingLoggerProvider Logs { get; }

    public Uri Address { get; }

    public GatewayClient Client { get; }

    /// <summary>The gateway's SQLite database and its write-ahead log.</summary>
    public IEnumerable<string> DatabaseFiles => [_directory.File("operations.db"), _directory.File("operations.db-wal")];

    /// <summary>Starts the emulator and the gateway.</summary>
    /// <param name="akSk">AK/SK signing when true; an IAM user and password (tokens) when false.</param>
    /// <param name="overrides">Providers:CodeArts settings to change (keys without the section).</param>
    public static async Task<CodeArtsGatewayHost> StartAsync(bool akSk, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var logs = new CapturingLoggerProvider();
        var directory = new TempDirectory();
        var emulator = await CodeArtsEmulator.StartAsync(
            new CodeArtsEmulatorOptions { ConfigureLogging = logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Warning) }).Within();
        try
        {
            var settings = new Dictionary<string, string>(GatewayTestHost.FastEngine)
            {
                ["Gateway:Listen"] = "127.0.0.1:0",
                ["Gateway:HttpListen"] = "127.0.0.1:0",
                ["Storage:Sqlite:Path"] = directory.File("operations.db"),
                ["Providers:CodeArts:Endpoint"] = emulator.BaseAddress.AbsoluteUri,
                ["Providers:CodeArts:IamEndpoint"] = emulator.IamEndpoint.AbsoluteUri,
            };
            if (akSk)
            {
                settings["Providers:CodeArts:AccessKey"] = emulator.AccessKey;
                settings["Providers:CodeArts:SecretKey"] = emulator.SecretKey;
            }
            else
            {
                settings["Providers:CodeArts:UserName"] = emulator.UserName;
                settings["Providers:CodeArts:Password"] = emulator.Password;
                settings["Providers:CodeArts:DomainName"] = emulator.DomainName;
            }

            foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
            {
                settings[$"Providers:CodeArts:{key}"] = value;
            }

            var app = GatewayApp.Build(
                [.. settings.Select(s => $"--{s.Key}={s.Value}")],
                builder =>
                {
                    builder.Logging.ClearProviders();
                    builder.Logging.AddProvider(logs);
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

            return new CodeArtsGatewayHost(emulator, app, logs, directory);
        }
        catch
        {
            await emulator.DisposeAsync();
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Error (and worse) log entries of the gateway and the emulator, except the event ids a test expects.</summary>
    public void AssertNoUnexpectedErrors(params int[] expectedEventIds)
    {
        var errors = Logs.Entries.Where(e => e.Level >= LogLevel.Error && !expectedEventIds.Contains(e.EventId.Id)).ToList();
        Assert.True(errors.Count == 0, "Unexpected error logs:\n" + string.Join('\n', errors.Select(e => $"{e.Category}[{e.EventId.Id}] {e.Level}: {e.Message} {e.Exception}")));
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
            await Emulator.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _directory.Dispose();
        }
    }
}
