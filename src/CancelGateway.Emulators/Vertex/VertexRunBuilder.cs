using CancelGateway.Emulators.Vertex.Runs;

namespace CancelGateway.Emulators.Vertex;

/// <summary>
/// Seeds one run, fluently: <c>emulator.AddRun(name).LosesRace().CancellingFor(TimeSpan.FromSeconds(2))</c>.
/// The run exists (RUNNING, created now) as soon as <see cref="VertexEmulator.AddRun"/> returns;
/// each call changes its seed. Seed a run before it is used: its state is computed from the seed.
/// </summary>
public sealed class VertexRunBuilder
{
    private readonly VertexRunStore _store;
    private readonly VertexRun _run;

    internal VertexRunBuilder(VertexRunStore store, VertexRun run)
    {
        _store = store;
        _run = run;
    }

    /// <summary>The run's full name.</summary>
    public string Name => _run.Name.ToString();

    /// <summary>The state it is in until cancelled or ended (default RUNNING). A terminal state makes it end at creation.</summary>
    public VertexRunBuilder InState(PipelineState state)
    {
        if (state is PipelineState.Unspecified or PipelineState.Cancelling || !Enum.IsDefined(state))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "A run is seeded QUEUED, PENDING, RUNNING, PAUSED or terminal; CANCELLING comes from a cancel.");
        }

        return Set(static (run, value) => run.InitialState = value, state);
    }

    /// <summary>How the run ends after a cancel (default <see cref="VertexCancelOutcome.Cancelled"/>).</summary>
    public VertexRunBuilder WithCancelOutcome(VertexCancelOutcome outcome) =>
        Enum.IsDefined(outcome)
            ? Set(static (run, value) => run.CancelOutcome = value, outcome)
            : throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome.");

    /// <summary>The cancel loses the race: CANCELLING, then SUCCEEDED (or FAILED when <paramref name="fails"/>).</summary>
    public VertexRunBuilder LosesRace(bool fails = false) =>
        WithCancelOutcome(fails ? VertexCancelOutcome.FailsAnyway : VertexCancelOutcome.SucceedsAnyway);

    /// <summary>How long CANCELLING lasts after the first cancel (default 300 ms).</summary>
    public VertexRunBuilder CancellingFor(TimeSpan duration) =>
        duration >= TimeSpan.Zero
            ? Set(static (run, value) => run.CancellingDuration = value, duration)
            : throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration must not be negative.");

    /// <summary>The run ends by itself <paramref name="after"/> its creation, SUCCEEDED or FAILED, unless a cancel ended it first.</summary>
    public VertexRunBuilder EndsAfter(TimeSpan after, PipelineState outcome = PipelineState.Succeeded)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(after, TimeSpan.Zero);
        if (outcome is not (PipelineState.Succeeded or PipelineState.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A run ends by itself SUCCEEDED or FAILED.");
        }

        return Set(static (run, value) => (run.NaturalEndAfter, run.NaturalOutcome) = value, (after, outcome));
    }

    /// <summary>The next <paramref name="count"/> cancels are answered 200 but have no effect, as a best-effort cancel that did not take.</summary>
    public VertexRunBuilder IgnoresCancels(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Set(static (run, value) => run.IgnoredCancelsRemaining = value, count);
    }

    /// <summary>The caller lacks the run's IAM permissions: GET and :cancel answer 403 PERMISSION_DENIED.</summary>
    public VertexRunBuilder Forbidden(bool forbidden = true) =>
        Set(static (run, value) => run.Forbidden = value, forbidden);

    /// <summary>Sets the display name (default: the job ID).</summary>
    public VertexRunBuilder WithDisplayName(string displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        return Set(static (run, value) => run.DisplayName = value, displayName);
    }

    /// <summary>
    /// Sets when the job was created (default: when it was seeded), for listings and their
    /// <c>create_time</c> filters. A run that ends by itself (<see cref="EndsAfter"/>) ends that
    /// long after this time.
    /// </summary>
    public VertexRunBuilder CreatedAt(DateTimeOffset createTime) =>
        Set(static (run, value) => run.CreateTime = value, createTime);

    /// <summary>Sets the pipeline's name in the job's spec (default <c>training-pipeline</c>), which pipelineJobs.list filters as <c>pipeline_name</c>.</summary>
    public VertexRunBuilder WithPipelineName(string pipelineName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipelineName);
        return Set(static (run, value) => run.PipelineName = value, pipelineName);
    }

    /// <summary>Adds a label.</summary>
    public VertexRunBuilder WithLabel(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        return Set(static (run, label) => run.Labels[label.key] = label.value, (key, value));
    }

    private VertexRunBuilder Set<TValue>(Action<VertexRun, TValue> change, TValue value)
    {
        _store.Configure(_run, change, value);
        return this;
    }
}
