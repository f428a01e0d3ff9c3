using System.Collections.Concurrent;
using CancelGateway.Emulators.CodeArts.Http;

namespace CancelGateway.Emulators.CodeArts.Runs;

/// <summary>
/// Request counters a test can assert on: every request the emulator received, counted on
/// arrival, before fault injection and authentication, so retries of failed calls show too.
/// </summary>
internal sealed class CodeArtsCounters
{
    private readonly ConcurrentDictionary<string, int> _stopCalls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _detailCalls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _acceptedStops = new(StringComparer.Ordinal);
    private int _stopCallsTotal;
    private int _detailCallsTotal;
    private int _tokenRequests;
    private int _tokensIssued;
    private int _totalRequests;

    public int StopCallsTotal => Volatile.Read(ref _stopCallsTotal);

    public int DetailCallsTotal => Volatile.Read(ref _detailCallsTotal);

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    public int TotalRequests => Volatile.Read(ref _totalRequests);

    public int StopCalls(string runId) => _stopCalls.GetValueOrDefault(runId);

    public int DetailCalls(string runId) => _detailCalls.GetValueOrDefault(runId);

    public int AcceptedStops(string runId) => _acceptedStops.GetValueOrDefault(runId);

    public IReadOnlyDictionary<string, int> AcceptedStopsByRun() => _acceptedStops.ToDictionary(StringComparer.Ordinal);

    public void Count(CodeArtsRoute route)
    {
        Interlocked.Increment(ref _totalRequests);
        switch (route.Kind)
        {
            case CodeArtsRouteKind.Token:
                Interlocked.Increment(ref _tokenRequests);
                break;
            case CodeArtsRouteKind.StopPipelineRun:
                Interlocked.Increment(ref _stopCallsTotal);
                _stopCalls.AddOrUpdate(route.RunId, 1, static (_, n) => n + 1);
                break;
            case CodeArtsRouteKind.ShowPipelineRunDetail:
                Interlocked.Increment(ref _detailCallsTotal);
                _detailCalls.AddOrUpdate(route.RunId, 1, static (_, n) => n + 1);
                break;
            default:
                break;
        }
    }

    /// <summary>Counts a request the API itself answered (past fault injection), by how it answered.</summary>
    public void CountHandled(CodeArtsRoute route, int httpStatus)
    {
        if (route.Kind == CodeArtsRouteKind.StopPipelineRun && httpStatus == 200)
        {
            _acceptedStops.AddOrUpdate(route.RunId, 1, static (_, n) => n + 1);
        }
        else if (route.Kind == CodeArtsRouteKind.Token && httpStatus == 201)
        {
            Interlocked.Increment(ref _tokensIssued);
        }
    }
}
