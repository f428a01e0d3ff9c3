namespace CancelGateway.Emulators.Vertex.Runs;

/// <summary>
/// The runs of one parent in creation order, newest first and oldest first, with ties broken by
/// name (ascending either way, as pipelineJobs.list breaks them): the order a listing pages in by
/// default, kept so that a page is found by a binary search and a walk of one page's length rather
/// than by filtering and sorting every run of the parent again. Sorted lazily, on the first
/// listing after a run was added or changed. Guarded by the <see cref="VertexRunStore"/>'s lock.
/// </summary>
internal sealed class VertexCreationOrder
{
    private static readonly Comparison<VertexRun> OldestFirst = (a, b) => Compare(a, b, descending: false);
    private static readonly Comparison<VertexRun> NewestFirst = (a, b) => Compare(a, b, descending: true);

    private readonly List<VertexRun> _oldestFirst = [];
    private readonly List<VertexRun> _newestFirst = [];
    private bool _sorted = true;

    public int Count => _oldestFirst.Count;

    public void Add(VertexRun run)
    {
        _oldestFirst.Add(run);
        _newestFirst.Add(run);
        _sorted = false;
    }

    /// <summary>A run of this parent changed in a way that may move it (its creation time was set).</summary>
    public void Invalidate() => _sorted = false;

    /// <summary>The runs, newest or oldest first.</summary>
    public IReadOnlyList<VertexRun> InOrder(bool descending)
    {
        if (!_sorted)
        {
            _oldestFirst.Sort(OldestFirst);
            _newestFirst.Sort(NewestFirst);
            _sorted = true;
        }

        return descending ? _newestFirst : _oldestFirst;
    }

    private static int Compare(VertexRun a, VertexRun b, bool descending)
    {
        var byTime = a.CreateTime.CompareTo(b.CreateTime);
        return byTime != 0 ? (descending ? -byTime : byTime) : string.CompareOrdinal(a.FullName, b.FullName);
    }
}
