using CancelGateway.Emulators.SageMaker;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Tests.Functional.SageMaker;

/// <summary>
/// The real gateway with the SageMaker adapter pointed at a SageMaker emulator (real clock, demo
/// access key), beside the Vertex AI one the shared test host always has, so a gateway with
/// several providers is what is tested. Shared by a test class, whose tests seed executions with
/// unique ARNs, or started per test with its own emulator and engine settings.
/// </summary>
public sealed class SageMakerGatewayFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string Pipeline = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/gateway-tests";

    private readonly IReadOnlyDictionary<string, string>? _settings;
    private readonly SageMakerEmulatorOptions? _emulatorOptions;
    private TempDirectory? _directory;
    private VertexEmulator? _vertex;
    private SageMakerEmulator? _sageMaker;
    private GatewayTestHost? _gateway;

    public SageMakerGatewayFixture()
    {
    }

    private SageMakerGatewayFixture(IReadOnlyDictionary<string, string>? settings, SageMakerEmulatorOptions? emulatorOptions)
    {
        _settings = settings;
        _emulatorOptions = emulatorOptions;
    }

    internal SageMakerEmulator Emulator => _sageMaker ?? throw new InvalidOperationException("Not started.");

    internal GatewayTestHost Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    internal CapturingLoggerProvider Logs { get; } = new();

    /// <summary>A fixture of one test's own, started.</summary>
    internal static async Task<SageMakerGatewayFixture> StartAsync(IReadOnlyDictionary<string, string>? settings = null, SageMakerEmulatorOptions? emulatorOptions = null)
    {
        var fixture = new SageMakerGatewayFixture(settings, emulatorOptions);
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

    /// <summary>An execution ARN no other test uses (execution ids are lower-case letters and digits).</summary>
    internal static string NewArn(string prefix = "exec") => $"{Pipeline}/execution/{prefix}{Guid.NewGuid():N}";

    /// <summary>Seeds an execution with one plain step (stopping in 300 ms) plus whatever <paramref name="configure"/> adds.</summary>
    internal string AddExecution(Action<SageMakerExecutionBuilder>? configure = null, string prefix = "exec")
    {
        var builder = Emulator.AddExecution(NewArn(prefix)).WithStep("train").StopsAfter(TimeSpan.FromMilliseconds(300));
        configure?.Invoke(builder);
        return builder.Arn;
    }

    /// <summary>Fails when anything was logged as an error that the test did not expect.</summary>
    internal void AssertNoUnexpectedErrors(params int[] expectedEventIds)
    {
        var errors = Logs.Entries.Where(e => e.Level >= LogLevel.Error && !expectedEventIds.Contains(e.EventId.Id)).ToList();
        Assert.True(errors.Count == 0, "Unexpected error logs:\n" + string.Join('\n', errors.Select(e => $"{e.Category}[{e.EventId.Id}] {e.Level}: {e.Message} {e.Exception}")));
    }

    public async Task InitializeAsync()
    {
        _directory = new TempDirectory();
        _vertex = await VertexEmulator.StartAsync(new VertexEmulatorOptions { ConfigureLogging = logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Warning) }).Within();
        var options = _emulatorOptions ?? new SageMakerEmulatorOptions();
        options.ConfigureLogging = logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Warning);
        _sageMaker = await SageMakerEmulator.StartAsync(options).Within();
        var settings = new Dictionary<string, string>
        {
            ["Providers:SageMaker:Endpoint"] = _sageMaker.BaseAddress.AbsoluteUri,
            ["Providers:SageMaker:AccessKeyId"] = _sageMaker.AccessKeyId,
            ["Providers:SageMaker:SecretAccessKey"] = _sageMaker.SecretAccessKey,
        };
        foreach (var (key, value) in _settings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var keyFile = _vertex.WriteServiceAccountKeyFile(_directory.Path);
        _gateway = await GatewayTestHost.StartAsync(_vertex, keyFile, _directory.File("operations.db"), Logs, settings);
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_sageMaker is not null)
        {
            await _sageMaker.DisposeAsync();
        }

        if (_vertex is not null)
        {
            await _vertex.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory?.Dispose();
    }
}
