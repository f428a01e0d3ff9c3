using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.Vertex;

/// <summary>
/// The Vertex emulator's log events (ids 5000-5099). Tokens, assertions and keys are never
/// logged: only who got a token, for what, and until when.
/// </summary>
internal static partial class VertexLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Vertex AI emulator listening on {BaseAddress} (service account {ClientEmail})")]
    public static partial void Started(ILogger logger, Uri baseAddress, string clientEmail);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Issued an access token to {ClientEmail} for {Scopes}, valid until {ExpiresAt:O}")]
    public static partial void TokenIssued(ILogger logger, string clientEmail, IReadOnlyList<string> scopes, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Token request rejected: {Error}: {Description}")]
    public static partial void TokenRejected(ILogger logger, string error, string description);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "{Method} {Path}: {StatusCode} {Status}: {Message}")]
    public static partial void RequestRejected(ILogger logger, string method, string path, int statusCode, string status, string message);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Cancel of {Name} accepted: {State}")]
    public static partial void CancelStarted(ILogger logger, string name, PipelineState state);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug, Message = "Cancel of {Name} repeated while it is {State}: nothing to do")]
    public static partial void CancelRepeated(ILogger logger, string name, PipelineState state);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Batch cancel {Operation}: {Cancelling} job(s) cancelling, {Skipped} already ended")]
    public static partial void BatchCancelStarted(ILogger logger, string operation, int cancelling, int skipped);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Error, Message = "{Method} {Path} failed; answered 500 INTERNAL")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Debug, Message = "{Method} {Path}: the client left before the request was complete")]
    public static partial void ClientLeft(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Debug, Message = "Seeded run {Name}")]
    public static partial void RunSeeded(ILogger logger, string name);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "Vertex AI emulator on {BaseAddress} stopped")]
    public static partial void Stopped(ILogger logger, Uri baseAddress);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Debug, Message = "Listed {Count} job(s) under {Parent}; more follow: {More}")]
    public static partial void Listed(ILogger logger, string parent, int count, bool more);
}
