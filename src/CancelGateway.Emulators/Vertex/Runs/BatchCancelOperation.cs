namespace CancelGateway.Emulators.Vertex.Runs;

/// <summary>
/// The long-running operation of one <c>pipelineJobs:batchCancel</c>. Like a run, it stores no
/// state: it is done once every job it cancelled has left CANCELLING.
/// </summary>
internal sealed class BatchCancelOperation(string name, DateTimeOffset createTime, IReadOnlyList<VertexRun> jobs)
{
    public string Name { get; } = name;

    public DateTimeOffset CreateTime { get; } = createTime;

    /// <summary>The jobs the batch cancelled (already-terminal jobs were skipped and are not here).</summary>
    public IReadOnlyList<VertexRun> Jobs { get; } = jobs;

    public BatchCancelOperationSnapshot Snapshot(DateTimeOffset now)
    {
        var jobs = Jobs.Select(job => job.Snapshot(now)).ToList();
        var done = jobs.TrueForAll(job => job.IsTerminal);

        // GenericOperationMetadata.updateTime is the finish time once the operation is done.
        var updateTime = done && jobs.Count > 0 ? jobs.Max(job => job.EndTime!.Value) : CreateTime;
        if (updateTime < CreateTime)
        {
            updateTime = CreateTime;
        }

        return new BatchCancelOperationSnapshot(Name, CreateTime, updateTime, done, jobs);
    }
}
