using CancelGateway.Emulators.CodeArts.Http;

namespace CancelGateway.Emulators.CodeArts.Runs;

/// <summary>The emulated service's runs, keyed by run ID, behind one lock.</summary>
internal sealed class CodeArtsRunStore(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CodeArtsRun> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _runNumbers = new(StringComparer.Ordinal);

    public TimeProvider Time { get; } = time;

    public CodeArtsRun Add(string projectId, string pipelineId, string runId)
    {
        lock (_gate)
        {
            var number = _runNumbers.GetValueOrDefault(pipelineId) + 1;
            var run = new CodeArtsRun(projectId, pipelineId, runId, Time.GetUtcNow(), number);
            if (!_runs.TryAdd(runId, run))
            {
                throw new ArgumentException($"A run with ID {runId} already exists.", nameof(runId));
            }

            _runNumbers[pipelineId] = number;
            return run;
        }
    }

    public void Configure<TValue>(CodeArtsRun run, Action<CodeArtsRun, TValue> change, TValue value)
    {
        lock (_gate)
        {
            change(run, value);
        }
    }

    public CodeArtsRunSnapshot? Find(string runId)
    {
        lock (_gate)
        {
            return _runs.TryGetValue(runId, out var run) ? run.Snapshot(Time.GetUtcNow()) : null;
        }
    }

    /// <summary>ShowPipelineRunDetail. The run must belong to the project and pipeline of the path.</summary>
    public CodeArtsRunSnapshot Detail(string projectId, string pipelineId, string runId)
    {
        lock (_gate)
        {
            return Authorized(projectId, pipelineId, runId).Snapshot(Time.GetUtcNow());
        }
    }

    /// <summary>
    /// The runs of one pipeline as they are now. A pipeline the emulator has no run of (in that
    /// project) does not exist: 404, like a run of it.
    /// </summary>
    public IReadOnlyList<CodeArtsRunSnapshot> List(string projectId, string pipelineId)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            var runs = _runs.Values.Where(run => run.ProjectId == projectId && run.PipelineId == pipelineId).ToList();
            return runs.Count == 0 ? throw CodeArtsErrors.PipelineNotFound(pipelineId) : [.. runs.Select(run => run.Snapshot(now))];
        }
    }

    /// <summary>StopPipelineRun: starts the stop, or keeps a stop under way as it is; an ended run is refused.</summary>
    /// <returns>The run after the call, and whether this call started the stop.</returns>
    public (CodeArtsRunSnapshot Run, bool Started) Stop(string projectId, string pipelineId, string runId)
    {
        lock (_gate)
        {
            var run = Authorized(projectId, pipelineId, runId);
            var now = Time.GetUtcNow();
            var before = run.Snapshot(now);
            if (before.IsTerminal)
            {
                throw CodeArtsErrors.RunEnded(runId, before.Status);
            }

            var started = before.StopRequestedAt is null;
            run.RequestStop(now);
            return (run.Snapshot(now), started);
        }
    }

    private CodeArtsRun Authorized(string projectId, string pipelineId, string runId)
    {
        // A run of another pipeline or project is as unknown as a run that does not exist.
        if (!_runs.TryGetValue(runId, out var run) || run.ProjectId != projectId || run.PipelineId != pipelineId)
        {
            throw CodeArtsErrors.RunNotFound(runId);
        }

        return run.Forbidden ? throw CodeArtsErrors.Forbidden() : run;
    }
}
