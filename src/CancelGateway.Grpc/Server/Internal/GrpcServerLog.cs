using Microsoft.Extensions.Logging;

namespace CancelGateway.Grpc.Server.Internal;

/// <summary>The server layer's log events (ids 1000-1099).</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Handler of {Method} threw an unexpected exception; the client gets UNKNOWN.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Call {Method} ended with {StatusCode}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Call {Method} was cancelled by the client.")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Rejected a request to {Path}: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Could not send the status of {Method}; the stream is gone.")]
    public static partial void StatusNotSent(ILogger logger, string method, Exception exception);
}
