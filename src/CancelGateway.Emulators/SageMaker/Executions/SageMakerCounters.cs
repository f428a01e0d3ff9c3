using System.Collections.Concurrent;

namespace CancelGateway.Emulators.SageMaker.Executions;

/// <summary>
/// Request counters a test can assert on. Calls are counted on arrival, before fault injection,
/// authentication and throttling, so retries of failed calls show too; accepted stops are
/// counted when a stop with a new ClientRequestToken took effect.
/// </summary>
internal sealed class SageMakerCounters
{
    private readonly ConcurrentDictionary<(string Action, string Arn), int> _calls = new();
    private readonly ConcurrentDictionary<string, int> _acceptedStops = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _stopTokens = new(StringComparer.Ordinal);
    private int _sendStepCalls;
    private int _throttled;
    private int _total;

    public int TotalRequests => Volatile.Read(ref _total);

    public int ThrottledRequests => Volatile.Read(ref _throttled);

    public int SendStepCalls => Volatile.Read(ref _sendStepCalls);

    public int Calls(string action, string arn) => _calls.GetValueOrDefault((action, arn));

    public int AcceptedStops(string arn) => _acceptedStops.GetValueOrDefault(arn);

    public IReadOnlyDictionary<string, int> AcceptedStopsByRun() => _acceptedStops.ToDictionary(StringComparer.Ordinal);

    public IReadOnlyList<string> StopTokens(string arn) => _stopTokens.TryGetValue(arn, out var tokens) ? [.. tokens] : [];

    /// <summary>Counts a request on arrival; <paramref name="arn"/> is its PipelineExecutionArn, when it has one.</summary>
    public void Count(string? action, string? arn)
    {
        Interlocked.Increment(ref _total);
        if (action is "SendPipelineExecutionStepSuccess" or "SendPipelineExecutionStepFailure")
        {
            Interlocked.Increment(ref _sendStepCalls);
        }
        else if (action is not null && arn is not null)
        {
            _calls.AddOrUpdate((action, arn), 1, static (_, n) => n + 1);
        }
    }

    public void CountThrottled() => Interlocked.Increment(ref _throttled);

    public void CountAcceptedStop(string arn, string clientRequestToken)
    {
        _acceptedStops.AddOrUpdate(arn, 1, static (_, n) => n + 1);
        _stopTokens.GetOrAdd(arn, _ => new ConcurrentQueue<string>()).Enqueue(clientRequestToken);
    }
}
