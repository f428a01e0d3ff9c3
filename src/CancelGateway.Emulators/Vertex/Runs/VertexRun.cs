namespace CancelGateway.Emulators.Vertex.Runs;

/// <summary>
/// One seeded PipelineJob. Its state is never stored: it is computed from the seed, the time of
/// the cancel request and the clock, so a test that moves a fake clock sees exactly the states it
/// expects, with no timer racing it. Guarded by the <see cref="VertexRunStore"/>'s lock.
/// </summary>
internal sealed class VertexRun(PipelineJobName name, DateTimeOffset createTime)
{
    internal const string CancelledMessage = "CANCELLED";
    internal const string DefaultPipelineName = "training-pipeline";
    internal const string FailedMessage = "The DAG failed because some tasks failed. The failed tasks are: [train-model].";

    // google.rpc.Code values carried in PipelineJob.error.
    private const int CodeCancelled = 1;
    private const int CodeFailedPrecondition = 9;

    public PipelineJobName Name { get; } = name;

    /// <summary><see cref="Name"/> as text, computed once: listings compare and look up by it.</summary>
    public string FullName { get; } = name.ToString();

    public DateTimeOffset CreateTime { get; set; } = createTime;

    public string DisplayName { get; set; } = name.Job;

    /// <summary>The name in the job's pipeline spec (<c>pipelineSpec.pipelineInfo.name</c>), which pipelineJobs.list filters as <c>pipeline_name</c>.</summary>
    public string PipelineName { get; set; } = DefaultPipelineName;

    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    public PipelineState InitialState { get; set; } = PipelineState.Running;

    public VertexCancelOutcome CancelOutcome { get; set; } = VertexCancelOutcome.Cancelled;

    public TimeSpan CancellingDuration { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>When set, the run ends by itself this long after creation unless a cancel ended it first.</summary>
    public TimeSpan? NaturalEndAfter { get; set; }

    public PipelineState NaturalOutcome { get; set; } = PipelineState.Succeeded;

    public bool Forbidden { get; set; }

    public DateTimeOffset? CancelRequestedAt { get; private set; }

    /// <summary>How many more cancels are accepted and then dropped (Vertex's cancel is best effort: "success is not guaranteed").</summary>
    public int IgnoredCancelsRemaining { get; set; }

    /// <summary>Starts the CANCELLING period; a run already CANCELLING keeps its first request time.</summary>
    public void RequestCancel(DateTimeOffset now)
    {
        if (CancelRequestedAt is null && IgnoredCancelsRemaining > 0)
        {
            IgnoredCancelsRemaining--;
            return;
        }

        CancelRequestedAt ??= now;
    }

    public VertexRunSnapshot Snapshot(DateTimeOffset now)
    {
        var (state, updateTime, endTime) = StateAt(now);
        var startTime = InitialState is PipelineState.Queued or PipelineState.Pending
            && (state is PipelineState.Queued or PipelineState.Pending || CancelRequestedAt is not null)
            ? (DateTimeOffset?)null
            : CreateTime;
        var (code, message) = state switch
        {
            PipelineState.Cancelled => (CodeCancelled, CancelledMessage),
            PipelineState.Failed => (CodeFailedPrecondition, FailedMessage),
            _ => ((int?)null, (string?)null),
        };
        return new VertexRunSnapshot(
            Name.ToString(), DisplayName, state, CreateTime, startTime, updateTime, endTime, code, message,
            new Dictionary<string, string>(Labels, StringComparer.Ordinal),
            PipelineName);
    }

    private (PipelineState State, DateTimeOffset UpdateTime, DateTimeOffset? EndTime) StateAt(DateTimeOffset now)
    {
        if (InitialState.IsTerminal())
        {
            return (InitialState, CreateTime, CreateTime);
        }

        DateTimeOffset? naturalEnd = NaturalEndAfter is { } after ? CreateTime + after : null;
        if (CancelRequestedAt is { } cancelAt)
        {
            // The run keeps going while it is being cancelled: if it finishes on its own first,
            // that is how it ends (the cancel lost the race to the pipeline itself).
            var cancelEnd = cancelAt + CancellingDuration;
            var (endAt, final) = naturalEnd is { } ne && ne <= cancelEnd
                ? (ne, NaturalOutcome)
                : (cancelEnd, CancelOutcome switch
                {
                    VertexCancelOutcome.SucceedsAnyway => PipelineState.Succeeded,
                    VertexCancelOutcome.FailsAnyway => PipelineState.Failed,
                    _ => PipelineState.Cancelled,
                });
            return now < endAt ? (PipelineState.Cancelling, cancelAt, null) : (final, endAt, endAt);
        }

        if (naturalEnd is { } end && now >= end)
        {
            return (NaturalOutcome, end, end);
        }

        return (InitialState, CreateTime, null);
    }
}
