namespace CancelGateway.Providers;

/// <summary>
/// A provider adapter that can list the runs in a scope (Vertex AI <c>pipelineJobs.list</c>,
/// SageMaker <c>ListPipelineExecutions</c>, CodeArts' pipeline-run list), for cancelling by
/// selector. Failures are <see cref="ProviderException"/>s, classified like every other call.
/// </summary>
internal interface IRunLister
{
    /// <summary>The largest page the provider serves.</summary>
    int MaxPageSize { get; }

    /// <summary>
    /// One page of the runs in <paramref name="scope"/> (of this provider), in the provider's
    /// order, narrowed by <paramref name="query"/> where the provider's API can.
    /// <paramref name="pageToken"/> is null for the first page, else the previous page's token.
    /// </summary>
    Task<RunListPage> ListRunsAsync(RunScope scope, RunListQuery query, string? pageToken, CancellationToken cancellationToken);
}
