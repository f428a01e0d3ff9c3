using System.Collections.Concurrent;
using Outcome = CancelGateway.Transport.Tests.Probe.GetSleepOutcomeResponse.Types.Outcome;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// How each Sleep call ended, as the server's handler saw it. A singleton: grpc-dotnet creates
/// the service per call, and the tests ask after the call is over.
/// </summary>
public sealed class SleepOutcomes
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Outcome>> _outcomes = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new(StringComparer.Ordinal);

    /// <summary>Records that the handler of the Sleep call with <paramref name="sleepId"/> is running.</summary>
    public void RecordStarted(string sleepId) => GetStarted(sleepId).TrySetResult();

    /// <summary>Waits until the handler of the Sleep call with <paramref name="sleepId"/> runs; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task WaitStartedAsync(string sleepId, TimeSpan timeout) => GetStarted(sleepId).Task.WaitAsync(timeout);

    /// <summary>Records how the Sleep call with <paramref name="sleepId"/> ended.</summary>
    public void Record(string sleepId, Outcome outcome) => Get(sleepId).TrySetResult(outcome);

    /// <summary>The outcome if the call has ended, <see cref="Outcome.Running"/> while its handler runs, otherwise <see cref="Outcome.Unspecified"/>.</summary>
    public Outcome Peek(string sleepId)
    {
        if (_outcomes.TryGetValue(sleepId, out var outcome) && outcome.Task.IsCompleted)
        {
            return outcome.Task.Result;
        }

        return _started.TryGetValue(sleepId, out var started) && started.Task.IsCompleted ? Outcome.Running : Outcome.Unspecified;
    }

    /// <summary>Waits until the Sleep call with <paramref name="sleepId"/> has ended, and says how; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<Outcome> WaitAsync(string sleepId, TimeSpan timeout) => Get(sleepId).Task.WaitAsync(timeout);

    private TaskCompletionSource GetStarted(string sleepId) =>
        _started.GetOrAdd(sleepId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource<Outcome> Get(string sleepId) =>
        _outcomes.GetOrAdd(sleepId, static _ => new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously));
}
