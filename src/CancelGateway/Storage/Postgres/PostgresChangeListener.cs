using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CancelGateway.Storage.Postgres;

/// <summary>
/// This replica's ear on the database: one dedicated connection that LISTENs on
/// <see cref="Channel"/> and turns each notification another replica's store sent into an
/// <see cref="OperationChange"/>. Notifications are lost while that connection is down, so it
/// is opened again after a growing pause (logged) and the feed then says
/// <see cref="OperationChangeKind.MaybeMissed"/>; every <see cref="PostgresStoreOptions.WatchPollInterval"/>
/// it says <see cref="OperationChangeKind.PollDue"/>, for a notification lost any other way.
/// </summary>
internal sealed class PostgresChangeListener : BackgroundService, IOperationChanges
{
    /// <summary>
    /// The notification channel every store writes on: payload <c>{origin}|{operation name}</c>,
    /// or several names joined by <see cref="NameSeparator"/> (a group commit's), never a body.
    /// </summary>
    public const string Channel = "cancelgateway_operations";

    /// <summary>Between the operation names of one notification; never part of a name (<c>operations/{32 hex digits}</c>).</summary>
    public const char NameSeparator = ',';

    /// <summary>How the listening connection shows in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "cancelgateway-listener";

    /// <summary>Entries the follower has not read yet; beyond this they are dropped, and the next poll reads everything followed again.</summary>
    private const int FeedCapacity = 10_000;

    /// <summary>Seconds of silence after which Npgsql checks the listening connection with a query, so a dead peer is noticed.</summary>
    private const int KeepAliveSeconds = 10;

    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(10);

    private readonly Channel<OperationChange> _feed = System.Threading.Channels.Channel.CreateBounded<OperationChange>(new BoundedChannelOptions(FeedCapacity) { SingleReader = true });
    private readonly string _connectionString;
    private readonly string _ownPrefix;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresChangeListener> _logger;
    private int _overflowed;

    public PostgresChangeListener(IOptions<PostgresStoreOptions> options, PostgresOperationStore store, TimeProvider time, ILogger<PostgresChangeListener> logger)
    {
        _connectionString = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString)
        {
            ApplicationName = ApplicationName,
            Pooling = false,
            KeepAlive = KeepAliveSeconds,
        }.ConnectionString;
        _ownPrefix = store.Origin + "|";
        _pollInterval = options.Value.WatchPollInterval;
        _time = time;
        _logger = logger;
    }

    public ChannelReader<OperationChange> Changes => _feed.Reader;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), PollAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var delay = FirstReconnectDelay;
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                connection.Notification += OnNotification;
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                delay = FirstReconnectDelay;
                if (lost)
                {
                    lost = false;
                    PostgresChangeLog.Reconnected(_logger);
                    Tell(new OperationChange(OperationChangeKind.MaybeMissed));
                }
                else
                {
                    PostgresChangeLog.Listening(_logger);
                }

                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever broke the connection (the server ended it, the network, a failover),
                // the listener must not die: watchers rely on it and on the poll alone meanwhile.
                PostgresChangeLog.Lost(_logger, delay, failure.GetType().Name, failure.Message);
                lost = true;
                await Task.Delay(delay, _time, stoppingToken);
                delay = delay * 2 > MaxReconnectDelay ? MaxReconnectDelay : delay * 2;
            }
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_pollInterval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Tell(new OperationChange(Interlocked.Exchange(ref _overflowed, 0) == 1 ? OperationChangeKind.MaybeMissed : OperationChangeKind.PollDue));
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs notification)
    {
        // This replica's own writes were published by its engine when it made them.
        var separator = notification.Payload.IndexOf('|', StringComparison.Ordinal);
        if (separator < 0 || notification.Payload.StartsWith(_ownPrefix, StringComparison.Ordinal))
        {
            return;
        }

        foreach (var name in notification.Payload[(separator + 1)..].Split(NameSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            Tell(OperationChange.Written(name));
        }
    }

    private void Tell(OperationChange change)
    {
        if (!_feed.Writer.TryWrite(change))
        {
            Volatile.Write(ref _overflowed, 1);
        }
    }
}
