using CancelGateway.Emulators.Faults;
using CancelGateway.Emulators.Vertex;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Tests.Support;

/// <summary>
/// A Vertex AI emulator on the real clock and the gateway in front of it, with one log capture
/// for both. Shared by a test class (<see cref="IClassFixture{TFixture}"/>), whose tests seed
/// runs with unique names, or started per test with its own faults and settings.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string>? _settings;
    private readonly EmulatorFaults? _faults;
    private TempDirectory? _directory;
    private VertexEmulator? _emulator;
    private GatewayTestHost? _gateway;

    public GatewayFixture()
    {
    }

    private GatewayFixture(IReadOnlyDictionary<string, string>? settings, EmulatorFaults? faults)
    {
        _settings = settings;
        _faults = faults;
    }

    internal VertexEmulator Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    internal GatewayTestHost Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    internal GatewayClient Client => Gateway.Client;

    internal CapturingLoggerProvider Logs { get; } = new();

    internal TempDirectory Directory => _directory ?? throw new InvalidOperationException("Not started.");

    /// <summary>Where the emulator's service-account key was written.</summary>
    internal string KeyFile { get; private set; } = string.Empty;

    /// <summary>A fixture of one test's own, started.</summary>
    internal static async Task<GatewayFixture> StartAsync(IReadOnlyDictionary<string, string>? settings = null, EmulatorFaults? faults = null)
    {
        var fixture = new GatewayFixture(settings, faults);
        try
        {
            await fixture.InitializeAsync();
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }

        return fixture;
    }

    /// <summary>A run name under <paramref name="parent"/> that no other test uses.</summary>
    internal static string NewRunName(string prefix = "run", string parent = "projects/demo-project/locations/us-central1") =>
        $"{parent}/pipelineJobs/{prefix}-{Guid.NewGuid():N}";

    /// <summary>Seeds a run (RUNNING, CANCELLING for 100 ms once cancelled unless <paramref name="configure"/> says otherwise).</summary>
    internal string AddRun(Action<VertexRunBuilder>? configure = null, string prefix = "run", string parent = "projects/demo-project/locations/us-central1")
    {
        var builder = Emulator.AddRun(NewRunName(prefix, parent)).CancellingFor(TimeSpan.FromMilliseconds(100));
        configure?.Invoke(builder);
        return builder.Name;
    }

    /// <summary>Error (and worse) log entries of the gateway and the emulator, except the event ids a test expects.</summary>
    internal IReadOnlyList<CapturedLog> UnexpectedErrors(params int[] expectedEventIds) =>
        [.. Logs.Entries.Where(e => e.Level >= LogLevel.Error && !expectedEventIds.Contains(e.EventId.Id))];

    /// <summary>Fails when anything was logged as an error that the test did not expect.</summary>
    internal void AssertNoUnexpectedErrors(params int[] expectedEventIds)
    {
        var errors = UnexpectedErrors(expectedEventIds);
        Assert.True(errors.Count == 0, "Unexpected error logs:\n" + string.Join('\n', errors.Select(e => $"{e.Category}[{e.EventId.Id}] {e.Level}: {e.Message} {e.Exception}")));
    }

    public async Task InitializeAsync()
    {
        _directory = new TempDirectory();
        _emulator = await VertexEmulator.StartAsync(
            new VertexEmulatorOptions
            {
                Faults = _faults,
                ConfigureLogging = logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Warning),
            }).Within();
        KeyFile = _emulator.WriteServiceAccountKeyFile(_directory.Path);
        _gateway = await GatewayTestHost.StartAsync(_emulator, KeyFile, _directory.File("operations.db"), Logs, _settings);
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory?.Dispose();
    }
}
