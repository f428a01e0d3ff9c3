using System.Collections.Concurrent;
using CancelGateway.Emulators.Vertex.Http;

namespace CancelGateway.Emulators.Vertex.Runs;

/// <summary>
/// Request counters a test can assert on: every request the emulator received, counted on
/// arrival, before fault injection and authentication, so retries of failed calls show too.
/// </summary>
internal sealed class VertexCounters
{
    private readonly ConcurrentDictionary<string, int> _cancelCalls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _getCalls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _acceptedCancels = new(StringComparer.Ordinal);
    private int _batchCancelCalls;
    private int _tokenRequests;
    private int _totalRequests;

    public int BatchCancelCalls => Volatile.Read(ref _batchCancelCalls);

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int TotalRequests => Volatile.Read(ref _totalRequests);

    public int CancelCalls(string name) => _cancelCalls.GetValueOrDefault(name);

    public int GetCalls(string name) => _getCalls.GetValueOrDefault(name);

    public int AcceptedCancels(string name) => _acceptedCancels.GetValueOrDefault(name);

    public IReadOnlyDictionary<string, int> AcceptedCancelsByRun() => _acceptedCancels.ToDictionary(StringComparer.Ordinal);

    /// <summary>Counts a request the API itself answered (past fault injection), by how it answered.</summary>
    public void CountHandled(VertexRoute route, int httpStatus)
    {
        if (route.Kind == VertexRouteKind.CancelPipelineJob && httpStatus == 200)
        {
            _acceptedCancels.AddOrUpdate(route.Resource, 1, static (_, n) => n + 1);
        }
    }

    public void Count(VertexRoute route)
    {
        Interlocked.Increment(ref _totalRequests);
        switch (route.Kind)
        {
            case VertexRouteKind.Token:
                Interlocked.Increment(ref _tokenRequests);
                break;
            case VertexRouteKind.BatchCancelPipelineJobs:
                Interlocked.Increment(ref _batchCancelCalls);
                break;
            case VertexRouteKind.CancelPipelineJob:
                _cancelCalls.AddOrUpdate(route.Resource, 1, static (_, n) => n + 1);
                break;
            case VertexRouteKind.GetPipelineJob:
                _getCalls.AddOrUpdate(route.Resource, 1, static (_, n) => n + 1);
                break;
            default:
                break;
        }
    }
}
