using System.Globalization;
using System.Security.Cryptography;
using CancelGateway.Emulators.Vertex.Http;

namespace CancelGateway.Emulators.Vertex.Runs;

/// <summary>
/// The emulated service's data: runs and batchCancel operations, behind one lock so that a batch
/// is validated and applied atomically (all-or-nothing, as Vertex documents).
/// </summary>
internal sealed class VertexRunStore(TimeProvider time)
{
    public const string GetPermission = "aiplatform.pipelineJobs.get";
    public const string CancelPermission = "aiplatform.pipelineJobs.cancel";
    public const string ListPermission = "aiplatform.pipelineJobs.list";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, VertexRun> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VertexCreationOrder> _byParent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BatchCancelOperation> _operations = new(StringComparer.Ordinal);

    // Vertex operation IDs are large decimal numbers; start somewhere random so names from two
    // emulator instances do not collide.
    private long _nextOperationId = 1_000_000_000_000_000_000L + (RandomNumberGenerator.GetInt32(int.MaxValue) * 1_000_000_000L);

    public TimeProvider Time { get; } = time;

    public VertexRun Add(PipelineJobName name)
    {
        var run = new VertexRun(name, Time.GetUtcNow());

        // Real jobs carry this system label; a client must not assume labels is what it set.
        run.Labels["vertex-ai-pipelines-run-billing-id"] = RandomDigits(19);
        lock (_gate)
        {
            if (!_runs.TryAdd(run.FullName, run))
            {
                throw new ArgumentException($"A run named \"{name}\" already exists.", nameof(name));
            }

            var parent = name.Parent;
            if (!_byParent.TryGetValue(parent, out var order))
            {
                _byParent.Add(parent, order = new VertexCreationOrder());
            }

            order.Add(run);
            _projects.Add(name.Project);
        }

        return run;
    }

    public void Configure<TValue>(VertexRun run, Action<VertexRun, TValue> change, TValue value)
    {
        lock (_gate)
        {
            change(run, value);
            _byParent[run.Name.Parent].Invalidate();
        }
    }

    public VertexRunSnapshot? Find(string name)
    {
        lock (_gate)
        {
            return _runs.TryGetValue(name, out var run) ? run.Snapshot(Time.GetUtcNow()) : null;
        }
    }

    public VertexRunSnapshot Get(PipelineJobName name)
    {
        lock (_gate)
        {
            return Authorized(name, GetPermission).Snapshot(Time.GetUtcNow());
        }
    }

    /// <summary>CancelPipelineJob: starts CANCELLING, or keeps a CANCELLING run as it is.</summary>
    /// <returns>The run after the call, and whether this call started the cancellation.</returns>
    public (VertexRunSnapshot Run, bool Started) Cancel(PipelineJobName name)
    {
        lock (_gate)
        {
            var run = Authorized(name, CancelPermission);
            var now = Time.GetUtcNow();
            var before = run.Snapshot(now);
            if (before.IsTerminal)
            {
                throw VertexErrors.NotCancellable(before.Name, before.State);
            }

            var started = before.State != PipelineState.Cancelling;
            run.RequestCancel(now);
            return (run.Snapshot(now), started);
        }
    }

    /// <summary>
    /// BatchCancelPipelineJobs after the request's shape was validated: permission on every job
    /// (PERMISSION_DENIED before NOT_FOUND, AIP-193), then existence, then the effect. Jobs that
    /// already ended are skipped; any failure leaves every job untouched.
    /// </summary>
    public BatchCancelOperationSnapshot BatchCancel(string parent, IReadOnlyList<PipelineJobName> names)
    {
        lock (_gate)
        {
            foreach (var name in names)
            {
                if (_runs.TryGetValue(name.ToString(), out var run) && run.Forbidden)
                {
                    throw VertexErrors.PermissionDenied(CancelPermission, name.ToString());
                }
            }

            var runs = names.Select(name => _runs.TryGetValue(name.ToString(), out var run)
                ? run
                : throw VertexErrors.JobNotFound(name.ToString())).ToList();

            var now = Time.GetUtcNow();
            var cancelled = new List<VertexRun>();
            foreach (var run in runs.Where(run => !run.Snapshot(now).IsTerminal))
            {
                run.RequestCancel(now);
                cancelled.Add(run);
            }

            var operation = new BatchCancelOperation(
                $"{parent}/operations/{_nextOperationId++.ToString(CultureInfo.InvariantCulture)}", now, cancelled);
            _operations.Add(operation.Name, operation);
            return operation.Snapshot(now);
        }
    }

    /// <summary>
    /// The jobs of <paramref name="parent"/> as they are now. A project the emulator has no run in
    /// is answered like one the caller cannot see, as Google answers a project that does not exist
    /// or is not the caller's: 403 PERMISSION_DENIED "(or it may not exist)".
    /// </summary>
    public IReadOnlyList<VertexRunSnapshot> List(string parent)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            return [.. ListableRuns(parent).InOrder(descending: false).Select(run => run.Snapshot(now))];
        }
    }

    /// <summary>
    /// One page of <paramref name="parent"/>'s jobs in creation order (newest first when
    /// <paramref name="descending"/>, ties by name): from the first job <paramref name="isPastToken"/>
    /// holds for (a binary search: the order is the one the token's position was taken in), the
    /// next <paramref name="count"/> that pass <paramref name="matches"/>. Only the jobs walked are
    /// read, so a page costs about its own length, not the parent's size. Refuses a project it has
    /// no run in as <see cref="List"/> does.
    /// </summary>
    public IReadOnlyList<VertexRunSnapshot> ListInCreationOrder(
        string parent, bool descending, Func<VertexRunSnapshot, bool> isPastToken, Func<VertexRunSnapshot, bool> matches, int count)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            var runs = ListableRuns(parent).InOrder(descending);
            var (low, high) = (0, runs.Count);
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                (low, high) = isPastToken(runs[middle].Snapshot(now)) ? (low, middle) : (middle + 1, high);
            }

            var page = new List<VertexRunSnapshot>(Math.Min(count, runs.Count - low));
            for (var i = low; i < runs.Count && page.Count < count; i++)
            {
                var job = runs[i].Snapshot(now);
                if (matches(job))
                {
                    page.Add(job);
                }
            }

            return page;
        }
    }

    public BatchCancelOperationSnapshot GetOperation(string name)
    {
        lock (_gate)
        {
            return _operations.TryGetValue(name, out var operation)
                ? operation.Snapshot(Time.GetUtcNow())
                : throw VertexErrors.OperationNotFound(name);
        }
    }

    private VertexCreationOrder ListableRuns(string parent)
    {
        if (!_projects.Contains(parent.Split('/')[1]))
        {
            throw VertexErrors.PermissionDenied(ListPermission, parent);
        }

        return _byParent.TryGetValue(parent, out var order) ? order : new VertexCreationOrder();
    }

    private VertexRun Authorized(PipelineJobName name, string permission)
    {
        var key = name.ToString();
        if (!_runs.TryGetValue(key, out var run))
        {
            throw VertexErrors.JobNotFound(key);
        }

        return run.Forbidden ? throw VertexErrors.PermissionDenied(permission, key) : run;
    }

    private static string RandomDigits(int count) =>
        string.Create(count, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('0' + RandomNumberGenerator.GetInt32(i == 0 ? 1 : 0, 10));
            }
        });
}
