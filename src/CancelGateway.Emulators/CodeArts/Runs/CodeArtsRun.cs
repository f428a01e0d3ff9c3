namespace CancelGateway.Emulators.CodeArts.Runs;

/// <summary>
/// One seeded pipeline run. Its status is never stored: it is computed from the seed, the time of
/// the first stop request and the clock, so a test that moves a fake clock sees exactly the statuses
/// it expects, with no timer racing it. Guarded by the <see cref="CodeArtsRunStore"/>'s lock.
/// </summary>
internal sealed class CodeArtsRun(string projectId, string pipelineId, string runId, DateTimeOffset createTime, int runNumber)
{
    /// <summary>A seeded run that has already ended ran this long before it ended (at its creation).</summary>
    private static readonly TimeSpan EndedRunDuration = TimeSpan.FromMinutes(3);

    public string ProjectId { get; } = projectId;

    public string PipelineId { get; } = pipelineId;

    public string RunId { get; } = runId;

    public DateTimeOffset CreateTime { get; } = createTime;

    public int RunNumber { get; } = runNumber;

    public string Name { get; set; } = "pipeline-" + pipelineId[..Math.Min(8, pipelineId.Length)];

    public CodeArtsRunStatus InitialStatus { get; set; } = CodeArtsRunStatus.Running;

    public CodeArtsStopOutcome StopOutcome { get; set; } = CodeArtsStopOutcome.Canceled;

    /// <summary>How long a stopped run stays in its status (RUNNING) before it ends; CodeArts has no "stopping" status.</summary>
    public TimeSpan StopDuration { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>When set, the run ends by itself this long after creation unless a stop ended it first.</summary>
    public TimeSpan? NaturalEndAfter { get; set; }

    public CodeArtsRunStatus NaturalOutcome { get; set; } = CodeArtsRunStatus.Completed;

    public bool Forbidden { get; set; }

    public DateTimeOffset? StopRequestedAt { get; private set; }

    /// <summary>When the run started, if the seed says (for listings and their time window).</summary>
    public DateTimeOffset? SeededStartTime { get; set; }

    /// <summary>As seeded; else a seeded end is in the past: the run started before it was seeded.</summary>
    public DateTimeOffset StartTime => SeededStartTime ?? (InitialStatus.IsTerminal() ? CreateTime - EndedRunDuration : CreateTime);

    /// <summary>Starts the stop; a run being stopped keeps its first request time.</summary>
    public void RequestStop(DateTimeOffset now) => StopRequestedAt ??= now;

    public CodeArtsRunSnapshot Snapshot(DateTimeOffset now)
    {
        var (status, endTime) = StatusAt(now);
        return new CodeArtsRunSnapshot(ProjectId, PipelineId, RunId, Name, status, RunNumber, StartTime, endTime, StopRequestedAt);
    }

    private (CodeArtsRunStatus Status, DateTimeOffset? EndTime) StatusAt(DateTimeOffset now)
    {
        if (InitialStatus.IsTerminal())
        {
            return (InitialStatus, CreateTime);
        }

        DateTimeOffset? naturalEnd = NaturalEndAfter is { } after ? CreateTime + after : null;
        if (StopRequestedAt is { } stopAt)
        {
            // The run keeps going while it is being stopped: if it finishes on its own first, that
            // is how it ends (the stop lost the race to the pipeline itself).
            var stopEnd = stopAt + StopDuration;
            var (endAt, final) = naturalEnd is { } ne && ne <= stopEnd
                ? (ne, NaturalOutcome)
                : (stopEnd, StopOutcome switch
                {
                    CodeArtsStopOutcome.CompletesAnyway => CodeArtsRunStatus.Completed,
                    CodeArtsStopOutcome.FailsAnyway => CodeArtsRunStatus.Failed,
                    _ => CodeArtsRunStatus.Canceled,
                });
            return now < endAt ? (InitialStatus, null) : (final, endAt);
        }

        if (naturalEnd is { } end && now >= end)
        {
            return (NaturalOutcome, end);
        }

        return (InitialStatus, null);
    }
}
