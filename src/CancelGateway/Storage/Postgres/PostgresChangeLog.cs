using Microsoft.Extensions.Logging;

namespace CancelGateway.Storage.Postgres;

/// <summary>The change listener's log events (ids 4050-4059); never the connection string.</summary>
internal static partial class PostgresChangeLog
{
    [LoggerMessage(EventId = 4050, Level = LogLevel.Information, Message = "Listening for operation changes of other replicas (PostgreSQL channel " + PostgresChangeListener.Channel + ")")]
    public static partial void Listening(ILogger logger);

    [LoggerMessage(EventId = 4051, Level = LogLevel.Warning, Message = "The connection listening for other replicas' changes was lost ({Failure}: {Message}); reconnecting in {Delay}; watched operations are polled meanwhile")]
    public static partial void Lost(ILogger logger, TimeSpan delay, string failure, string message);

    [LoggerMessage(EventId = 4052, Level = LogLevel.Information, Message = "Listening again for other replicas' changes; every watched operation is read again, as notifications may have been missed")]
    public static partial void Reconnected(ILogger logger);
}
