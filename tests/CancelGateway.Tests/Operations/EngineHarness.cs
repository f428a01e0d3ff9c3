using CancelGateway.Operations;
using CancelGateway.Providers;
using CancelGateway.Storage;
using CancelGateway.Storage.InMemory;
using Microsoft.Extensions.Logging.Abstractions;

namespace CancelGateway.Tests.Operations;

/// <summary>
/// The engine as the host composes it (book, watch hub, provider gate, registry), over the
/// in-memory store and a fake clock, with no server around it: for fast tests of its verbs.
/// A second engine over the same store is a restart; an engine over another store on the same
/// <see cref="Database"/> is another replica. Leases expire by the fake clock.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly List<(OperationsEngine Engine, ProviderGate Gate)> _started = [];

    public EngineHarness()
    {
        Database = new InMemoryDatabase(Clock);
        Store = new InMemoryOperationStore(Database);
    }

    public FakeTimeProvider Clock { get; } = new();

    public InMemoryDatabase Database { get; }

    public InMemoryOperationStore Store { get; }

    public EngineOptions Options { get; } = new()
    {
        PollInitialInterval = TimeSpan.FromSeconds(1),
        PollMaxInterval = TimeSpan.FromSeconds(1),
        RetryInitialDelay = TimeSpan.FromMilliseconds(100),
        ProviderRequestsPerSecond = 100_000,
        BatchProgressInterval = TimeSpan.FromSeconds(1),
        ResubmitAfter = TimeSpan.FromHours(1),
    };

    /// <summary>Starts an engine over the store with these providers (none: a restart after the providers were unconfigured).</summary>
    public Task<OperationsEngine> StartAsync(params IPipelineProvider[] providers) => StartAsync(Store, providers);

    /// <summary>Starts an engine over <paramref name="store"/> (another replica's, on the same database).</summary>
    public async Task<OperationsEngine> StartAsync<TStore>(TStore store, params IPipelineProvider[] providers)
        where TStore : IOperationStore, IOperationLeases
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        var gate = new ProviderGate(Options);
        var engine = new OperationsEngine(new OperationBook(store, new OperationWatchHub(), options), store, new ProviderRegistry(providers), gate, options, Clock, NullLogger<OperationsEngine>.Instance);
        _started.Add((engine, gate));
        await engine.StartAsync(CancellationToken.None);
        return engine;
    }

    /// <summary>Stops an engine as the host does (its workers end, their operations stay unfinished in the store).</summary>
    public static Task StopAsync(OperationsEngine engine) => engine.StopAsync(CancellationToken.None);

    /// <summary>
    /// Moves the fake clock in 250 ms steps until <paramref name="condition"/> holds, giving the
    /// engine's work (on the thread pool) a few real milliseconds after each step to react and
    /// arm its next timers (the lease loop always has one pending, so a pending timer says
    /// nothing about the workers); false when <paramref name="limit"/> of fake time passed first.
    /// </summary>
    public async Task<bool> AdvanceUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var step = TimeSpan.FromMilliseconds(250);
        for (var moved = TimeSpan.Zero; moved <= limit; moved += step)
        {
            if (await condition())
            {
                return true;
            }

            Clock.Advance(step);
            await Task.Delay(5);
        }

        return await condition();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (engine, gate) in _started)
        {
            await engine.StopAsync(CancellationToken.None);
            engine.Dispose();
            gate.Dispose();
        }
    }
}
