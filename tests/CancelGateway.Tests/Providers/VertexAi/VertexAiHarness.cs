using CancelGateway.Emulators.Vertex;
using CancelGateway.Providers;
using CancelGateway.Providers.VertexAi;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Tests.Providers.VertexAi;

/// <summary>
/// A Vertex AI emulator on a fake clock and the adapter wired to it the way the host wires it
/// (<see cref="VertexAiServiceCollectionExtensions.AddVertexAi"/> over configuration), with
/// the emulator's service-account key in a temp file and every log captured.
/// </summary>
internal sealed class VertexAiHarness : IAsyncDisposable
{
    public const string Parent = "projects/demo-project/locations/us-central1";

    private VertexAiHarness(VertexEmulator emulator, FakeTimeProvider clock, TempDirectory directory, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Emulator = emulator;
        Clock = clock;
        Directory = directory;
        Services = services;
        Logs = logs;
        Provider = services.GetServices<IPipelineProvider>().OfType<VertexAiProvider>().Single();
    }

    public VertexEmulator Emulator { get; }

    public FakeTimeProvider Clock { get; }

    public TempDirectory Directory { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public VertexAiProvider Provider { get; }

    public static CancelContext Graceful { get; } = new("op-1", CancelMode.Graceful, "test", "tests@example.com");

    /// <summary>Starts the emulator and the adapter.</summary>
    /// <param name="credentialsFile">A key file to use instead of the emulator's own (given the emulator and the temp directory).</param>
    /// <param name="settings">Extra Providers:VertexAi settings (keys without the section).</param>
    public static async Task<VertexAiHarness> StartAsync(Func<VertexEmulator, TempDirectory, string>? credentialsFile = null, IDictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider();
        var emulator = await VertexEmulator.StartAsync(timeProvider: clock).Within();
        var directory = new TempDirectory();
        var keyPath = credentialsFile?.Invoke(emulator, directory) ?? emulator.WriteServiceAccountKeyFile(directory.Path);

        var config = new Dictionary<string, string?>
        {
            [$"{VertexAiOptions.SectionName}:Endpoint"] = emulator.BaseAddress.AbsoluteUri,
            [$"{VertexAiOptions.SectionName}:CredentialsFile"] = keyPath,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[$"{VertexAiOptions.SectionName}:{key}"] = value;
        }

        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton<TimeProvider>(clock)
            .AddVertexAi(new ConfigurationBuilder().AddInMemoryCollection(config).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // What the host's start-up does: ValidateOnStart's checks.
        services.GetRequiredService<IStartupValidator>().Validate();
        return new VertexAiHarness(emulator, clock, directory, services, logs);
    }

    public static RunName Run(string job, string parent = Parent) =>
        RunNameParser.TryParse($"{parent}/pipelineJobs/{job}", out var name, out var error) ? name! : throw new ArgumentException(error, nameof(job));

    /// <summary>Seeds a run (RUNNING unless configured) and returns its parsed name.</summary>
    public RunName AddRun(string job, Action<VertexRunBuilder>? configure = null)
    {
        var run = Run(job);
        var builder = Emulator.AddRun(run.Text);
        configure?.Invoke(builder);
        return run;
    }

    public PipelineState StateOf(RunName run) => Emulator.GetRun(run.Text)?.State ?? throw new InvalidOperationException($"{run} is not seeded.");

    /// <summary>Log entries at Error or above, other than the ones a test expects.</summary>
    public IReadOnlyList<CapturedLog> UnexpectedErrors(params int[] expectedEventIds) =>
        [.. Logs.Entries.Where(e => e.Level >= LogLevel.Error && !expectedEventIds.Contains(e.EventId.Id))];

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
        Directory.Dispose();
    }
}
