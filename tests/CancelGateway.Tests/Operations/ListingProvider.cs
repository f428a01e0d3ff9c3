using CancelGateway.Providers;
using CancelGateway.V1;

namespace CancelGateway.Tests.Operations;

/// <summary>
/// A provider of any kind whose runs a test scripts: it lists them page by page (in name order,
/// the page token being the last name served, so runs added while a listing pages do not shift
/// it), stops them (a stop leaves the run CANCELLING, the next read finds it CANCELLED), and
/// counts every call.
/// </summary>
internal sealed class ListingProvider(Provider provider, int maxPageSize) : IPipelineProvider, IRunLister
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, ScriptedRun> _runs = new(StringComparer.Ordinal);
    private readonly List<string> _stops = [];
    private int _listCalls;

    public Provider Provider => provider;

    public bool SupportsForce => false;

    public int MaxBatchSize => 0;

    public int MaxPageSize => maxPageSize;

    /// <summary>How many list calls fail (transiently) before the next is served.</summary>
    public int TransientListFailures { get; set; }

    public int ListCalls
    {
        get
        {
            lock (_gate)
            {
                return _listCalls;
            }
        }
    }

    /// <summary>The runs a stop was asked for, in order.</summary>
    public IReadOnlyList<string> Stops
    {
        get
        {
            lock (_gate)
            {
                return [.. _stops];
            }
        }
    }

    /// <summary>Adds (or replaces) a run; its name must be one of this provider's.</summary>
    public void Add(string name, RunState state, DateTimeOffset created, IReadOnlyDictionary<string, string>? labels = null)
    {
        if (!RunNameParser.TryParse(name, out var run, out var error) || run!.Provider != provider)
        {
            throw new ArgumentException($"{name} is not a run of {provider}: {error}", nameof(name));
        }

        lock (_gate)
        {
            _runs[name] = new ScriptedRun(run, created, labels ?? new Dictionary<string, string>()) { State = state };
        }
    }

    public void SetState(string name, RunState state)
    {
        lock (_gate)
        {
            _runs[name].State = state;
        }
    }

    public RunState StateOf(string name)
    {
        lock (_gate)
        {
            return _runs[name].State;
        }
    }

    public Task<RunListPage> ListRunsAsync(RunScope scope, RunListQuery query, string? pageToken, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _listCalls++;
            if (TransientListFailures > 0)
            {
                TransientListFailures--;
                throw new ProviderException(provider, ProviderFailureKind.Unavailable, "list unavailable", httpStatus: 503);
            }

            var size = Math.Min(query.PageSize, maxPageSize);
            var page = _runs.Values
                .Where(run => scope.Contains(run.Name))
                .Where(run => pageToken is null || string.CompareOrdinal(run.Name.Text, pageToken) > 0)
                .Where(run => (query.CreatedAfter is not { } after || run.Created >= after) && (query.CreatedBefore is not { } before || run.Created < before))
                .Take(size + 1)
                .ToList();
            var served = page.Take(size).Select(run => run.Summary()).ToList();
            return Task.FromResult(new RunListPage(served, page.Count > size ? served[^1].Name.Text : null));
        }
    }

    public Task<CancelSubmission> RequestCancelAsync(RunName run, CancelContext context, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stops.Add(run.Text);
            var scripted = _runs[run.Text];
            if (RunStates.IsTerminal(scripted.State))
            {
                return Task.FromResult(CancelSubmission.AlreadyEnded);
            }

            scripted.State = RunState.Cancelling;
            return Task.FromResult(CancelSubmission.Accepted);
        }
    }

    public Task RequestCancelBatchAsync(IReadOnlyList<RunName> runs, CancelContext context, CancellationToken cancellationToken) => throw new NotSupportedException();

    public string BatchScope(RunName run) => run.Text;

    public Task<ProviderRunStatus> GetStatusAsync(RunName run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var scripted = _runs[run.Text];
            if (scripted.State == RunState.Cancelling)
            {
                scripted.State = RunState.Cancelled;
            }

            return Task.FromResult(new ProviderRunStatus(scripted.State, scripted.State.ToString().ToUpperInvariant()));
        }
    }

    private sealed class ScriptedRun(RunName name, DateTimeOffset created, IReadOnlyDictionary<string, string> labels)
    {
        public RunName Name => name;

        public DateTimeOffset Created => created;

        public RunState State { get; set; }

        public RunSummary Summary() => new(name, State, State.ToString().ToUpperInvariant(), created, $"display {name.Parts.Values.Last()}", null, labels);
    }
}
