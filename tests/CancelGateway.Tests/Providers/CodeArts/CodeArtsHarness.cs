using CancelGateway.Emulators.CodeArts;
using CancelGateway.Providers;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Tests.Providers.CodeArts;

/// <summary>
/// A CodeArts emulator on a fake clock and the adapter wired to it the way the host wires it
/// (<see cref="CodeArtsServiceCollectionExtensions.AddCodeArts"/> over configuration), with every
/// log of both captured. The adapter's clock is the emulator's, or runs <c>gatewayClockOffset</c>
/// ahead of it to stand for a skewed host clock.
/// </summary>
internal sealed class CodeArtsHarness : IAsyncDisposable
{
    private CodeArtsHarness(CodeArtsEmulator emulator, FakeTimeProvider clock, FakeTimeProvider gatewayClock, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Emulator = emulator;
        Clock = clock;
        GatewayClock = gatewayClock;
        Services = services;
        Logs = logs;
        Provider = services.GetServices<IPipelineProvider>().OfType<CodeArtsProvider>().Single();
    }

    public CodeArtsEmulator Emulator { get; }

    /// <summary>The emulator's clock (and the adapter's, unless it was given an offset).</summary>
    public FakeTimeProvider Clock { get; }

    public FakeTimeProvider GatewayClock { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public CodeArtsProvider Provider { get; }

    public static CancelContext Graceful { get; } = new("op-1", CancelMode.Graceful, "test", "tests@example.com");

    /// <summary>The adapter's settings for <paramref name="mode"/> against <paramref name="emulator"/> (keys without the section).</summary>
    public static Dictionary<string, string?> Settings(CodeArtsEmulator emulator, CodeArtsAuthMode mode) => mode == CodeArtsAuthMode.AkSk
        ? new()
        {
            ["Endpoint"] = emulator.BaseAddress.AbsoluteUri,
            ["IamEndpoint"] = emulator.IamEndpoint.AbsoluteUri,
            ["AccessKey"] = emulator.AccessKey,
            ["SecretKey"] = emulator.SecretKey,
        }
        : new()
        {
            ["Endpoint"] = emulator.BaseAddress.AbsoluteUri,
            ["IamEndpoint"] = emulator.IamEndpoint.AbsoluteUri,
            ["UserName"] = emulator.UserName,
            ["Password"] = emulator.Password,
            ["DomainName"] = emulator.DomainName,
        };

    /// <summary>Starts the emulator and the adapter.</summary>
    /// <param name="mode">AK/SK signing or IAM tokens (user and password).</param>
    /// <param name="settings">Providers:CodeArts settings to change (keys without the section; a null value removes one).</param>
    /// <param name="gatewayClockOffset">How far the adapter's clock is ahead of the emulator's.</param>
    /// <param name="settingsFromEmulator">More settings, made once the emulator runs (e.g. a token it issued).</param>
    public static async Task<CodeArtsHarness> StartAsync(
        CodeArtsAuthMode mode = CodeArtsAuthMode.AkSk,
        IDictionary<string, string?>? settings = null,
        TimeSpan? gatewayClockOffset = null,
        Func<CodeArtsEmulator, Task<IDictionary<string, string?>>>? settingsFromEmulator = null)
    {
        var logs = new CapturingLoggerProvider();
        var clock = new FakeTimeProvider();
        var gatewayClock = gatewayClockOffset is { } offset ? new FakeTimeProvider(clock.GetUtcNow() + offset) : clock;
        var emulator = await CodeArtsEmulator.StartAsync(
            new CodeArtsEmulatorOptions { ConfigureLogging = logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug) },
            clock).Within();

        var values = Settings(emulator, mode);
        var changes = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        foreach (var (key, value) in settingsFromEmulator is null ? new Dictionary<string, string?>() : await settingsFromEmulator(emulator))
        {
            changes[key] = value;
        }

        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                values.Remove(key);
            }
            else
            {
                values[key] = value;
            }
        }

        var config = values.ToDictionary(kv => $"{CodeArtsOptions.SectionName}:{kv.Key}", kv => kv.Value);
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton<TimeProvider>(gatewayClock)
            .AddCodeArts(new ConfigurationBuilder().AddInMemoryCollection(config).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // What the host's start-up does: ValidateOnStart's checks.
        services.GetRequiredService<IStartupValidator>().Validate();
        return new CodeArtsHarness(emulator, clock, gatewayClock, services, logs);
    }

    /// <summary>Parses a CancelGateway CodeArts run name.</summary>
    public static RunName Parse(string text) =>
        RunNameParser.TryParse(text, out var name, out var error) ? name! : throw new ArgumentException(error, nameof(text));

    /// <summary>A well-formed name of a run the emulator does not have.</summary>
    public RunName Missing() => Parse(CodeArtsEmulator.RunNameOf(Emulator.Region, new string('a', 32), new string('b', 32), Guid.NewGuid().ToString("N")));

    /// <summary>Seeds a run (RUNNING, a stop takes 300 ms, unless configured) and returns its parsed name.</summary>
    public RunName AddRun(Action<CodeArtsRunBuilder>? configure = null)
    {
        var builder = Emulator.AddRun();
        configure?.Invoke(builder);
        return Parse(builder.RunName);
    }

    public CodeArtsRunStatus StatusOf(RunName run) => Emulator.GetRun(run["run"])?.Status ?? throw new InvalidOperationException($"{run} is not seeded.");

    /// <summary>Moves both clocks.</summary>
    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        if (!ReferenceEquals(GatewayClock, Clock))
        {
            GatewayClock.Advance(by);
        }
    }

    /// <summary>Log entries at Error or above, other than the ones a test expects.</summary>
    public IReadOnlyList<CapturedLog> UnexpectedErrors(params int[] expectedEventIds) =>
        [.. Logs.Entries.Where(e => e.Level >= LogLevel.Error && !expectedEventIds.Contains(e.EventId.Id))];

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
