using Microsoft.Extensions.Logging;

namespace CancelGateway.Storage;

/// <summary>The operation store's log events (ids 4000-4099).</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Error, Message = "The operation store failed ({Path}), read-only, full, locked or unreachable; requests that need it fail UNAVAILABLE until it works again")]
    public static partial void Failed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Operation {Operation} cannot be read from the store (its body is corrupt); listings leave it out")]
    public static partial void UnreadableRow(ILogger logger, string operation, Exception exception);
}
