using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CancelGateway.Grpc.Health;

/// <summary>
/// The serving status of each service name ("" is the server as a whole), and the changes
/// that Watch streams. The server starts SERVING as a whole; hosts set the rest.
/// </summary>
public sealed class HealthStatusStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [string.Empty] = ServingStatus.Serving };
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sets the status of <paramref name="service"/> ("" for the whole server).</summary>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (_statuses.TryGetValue(service, out var current) && current == status)
            {
                return;
            }

            _statuses[service] = status;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Forgets <paramref name="service"/>: Check answers NOT_FOUND, Watch SERVICE_UNKNOWN.</summary>
    public void Clear(string service)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (!_statuses.Remove(service))
            {
                return;
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>The status of <paramref name="service"/>, or null when it is unknown.</summary>
    public ServingStatus? GetStatus(string service)
    {
        lock (_gate)
        {
            return _statuses.TryGetValue(service, out var status) ? status : null;
        }
    }

    /// <summary>The current status and a task that completes at the next change of any status.</summary>
    internal (ServingStatus? Status, Task Changed) Observe(string service)
    {
        lock (_gate)
        {
            return (_statuses.TryGetValue(service, out var status) ? status : null, _changed.Task);
        }
    }

    internal static HealthCheckResponse Response(ServingStatus status) => new() { Status = status };
}
