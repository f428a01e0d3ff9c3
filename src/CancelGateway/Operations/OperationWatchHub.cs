using System.Collections.Concurrent;
using System.Threading.Channels;
using Google.LongRunning;

namespace CancelGateway.Operations;

/// <summary>
/// Fans each saved snapshot out to whoever watches the operation, in memory. Watchers cost
/// no provider calls: the run's one poller publishes, a thousand watchers read. A slow
/// watcher skips intermediate snapshots but always gets the latest (the done one last).
/// </summary>
internal sealed class OperationWatchHub
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _watchers = new(StringComparer.Ordinal);

    public Subscription Subscribe(string operationName)
    {
        var subscription = new Subscription(this, operationName);
        _watchers.GetOrAdd(operationName, _ => new ConcurrentDictionary<Subscription, byte>()).TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>Whether anyone watches the operation now.</summary>
    public bool IsWatched(string operationName) => _watchers.ContainsKey(operationName);

    /// <summary>The operations watched now.</summary>
    public ICollection<string> WatchedNames() => _watchers.Keys;

    public void Publish(Operation operation)
    {
        if (_watchers.TryGetValue(operation.Name, out var subscriptions))
        {
            foreach (var subscription in subscriptions.Keys)
            {
                subscription.Offer(operation);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        if (_watchers.TryGetValue(subscription.OperationName, out var subscriptions))
        {
            subscriptions.TryRemove(subscription, out _);
            if (subscriptions.IsEmpty)
            {
                _watchers.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Subscription, byte>>(subscription.OperationName, subscriptions));
            }
        }
    }

    /// <summary>One watcher's feed of snapshots.</summary>
    internal sealed class Subscription(OperationWatchHub hub, string operationName) : IDisposable
    {
        private readonly Channel<Operation> _channel = Channel.CreateBounded<Operation>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public string OperationName { get; } = operationName;

        public ChannelReader<Operation> Reader => _channel.Reader;

        public void Offer(Operation operation) => _channel.Writer.TryWrite(operation);

        public void Dispose()
        {
            hub.Remove(this);
            _channel.Writer.TryComplete();
        }
    }
}
