using CancelGateway.Emulators.CodeArts.Runs;

namespace CancelGateway.Emulators.CodeArts;

/// <summary>
/// Seeds one run, fluently: <c>emulator.AddRun().LosesRace().StopTakes(TimeSpan.FromSeconds(2))</c>.
/// The run exists (RUNNING, started now) as soon as <see cref="CodeArtsEmulator.AddRun"/> returns;
/// each call changes its seed. Seed a run before it is used: its status is computed from the seed.
/// </summary>
public sealed class CodeArtsRunBuilder
{
    private readonly CodeArtsRunStore _store;
    private readonly CodeArtsRun _run;

    internal CodeArtsRunBuilder(CodeArtsRunStore store, CodeArtsRun run, string region)
    {
        _store = store;
        _run = run;
        Region = region;
    }

    /// <summary>The CodeArts project ID.</summary>
    public string ProjectId => _run.ProjectId;

    /// <summary>The pipeline ID.</summary>
    public string PipelineId => _run.PipelineId;

    /// <summary>The pipeline run ID.</summary>
    public string RunId => _run.RunId;

    /// <summary>The emulator's region.</summary>
    public string Region { get; }

    /// <summary>
    /// The run's name in CancelGateway's form (CodeArts has no single name for a run):
    /// <c>codearts/regions/{region}/projects/{project_id}/pipelines/{pipeline_id}/runs/{run_id}</c>.
    /// </summary>
    public string RunName => CodeArtsEmulator.RunNameOf(Region, ProjectId, PipelineId, RunId);

    /// <summary>
    /// Sets when the run started (its <c>start_time</c>; default: when it was seeded, or 3 minutes
    /// before for a run seeded ended), for ShowPipelineRunDetail, ListPipelineRuns and its time window.
    /// </summary>
    public CodeArtsRunBuilder StartedAt(DateTimeOffset startTime) =>
        Set(static (run, value) => run.SeededStartTime = value, startTime);

    /// <summary>The status it is in until stopped or ended (default RUNNING). An ended status makes it end at creation.</summary>
    public CodeArtsRunBuilder InStatus(CodeArtsRunStatus status) =>
        Enum.IsDefined(status)
            ? Set(static (run, value) => run.InitialStatus = value, status)
            : throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown status.");

    /// <summary>How the run ends after a stop (default <see cref="CodeArtsStopOutcome.Canceled"/>).</summary>
    public CodeArtsRunBuilder WithStopOutcome(CodeArtsStopOutcome outcome) =>
        Enum.IsDefined(outcome)
            ? Set(static (run, value) => run.StopOutcome = value, outcome)
            : throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome.");

    /// <summary>The stop loses the race: the run stays RUNNING, then ends COMPLETED (or FAILED when <paramref name="fails"/>).</summary>
    public CodeArtsRunBuilder LosesRace(bool fails = false) =>
        WithStopOutcome(fails ? CodeArtsStopOutcome.FailsAnyway : CodeArtsStopOutcome.CompletesAnyway);

    /// <summary>How long a stopped run keeps its status before it ends (default 300 ms); CodeArts shows no "stopping" status.</summary>
    public CodeArtsRunBuilder StopTakes(TimeSpan duration) =>
        duration >= TimeSpan.Zero
            ? Set(static (run, value) => run.StopDuration = value, duration)
            : throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration must not be negative.");

    /// <summary>The run ends by itself <paramref name="after"/> its creation, COMPLETED or FAILED, unless a stop ended it first.</summary>
    public CodeArtsRunBuilder EndsAfter(TimeSpan after, CodeArtsRunStatus outcome = CodeArtsRunStatus.Completed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(after, TimeSpan.Zero);
        if (outcome is not (CodeArtsRunStatus.Completed or CodeArtsRunStatus.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A run ends by itself COMPLETED or FAILED.");
        }

        return Set(static (run, value) => (run.NaturalEndAfter, run.NaturalOutcome) = value, (after, outcome));
    }

    /// <summary>The caller may not operate the pipeline: stop and detail answer 403.</summary>
    public CodeArtsRunBuilder Forbidden(bool forbidden = true) =>
        Set(static (run, value) => run.Forbidden = value, forbidden);

    /// <summary>Sets the pipeline's name (default: from its ID).</summary>
    public CodeArtsRunBuilder WithName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Set(static (run, value) => run.Name = value, name);
    }

    private CodeArtsRunBuilder Set<TValue>(Action<CodeArtsRun, TValue> change, TValue value)
    {
        _store.Configure(_run, change, value);
        return this;
    }
}
