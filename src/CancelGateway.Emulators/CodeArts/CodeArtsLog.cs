using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.CodeArts;

/// <summary>
/// The CodeArts emulator's log events (ids 5200-5299). Passwords, secret keys, tokens and
/// signatures are never logged: only who asked, for what, and how it went.
/// </summary>
internal static partial class CodeArtsLog
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "CodeArts emulator listening on {BaseAddress} (region {Region}; IAM at {BaseAddress}v3/auth/tokens)")]
    public static partial void Started(ILogger logger, Uri baseAddress, string region);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Debug, Message = "Issued an IAM token to {UserName} for project {Project}, valid until {ExpiresAt:O}")]
    public static partial void TokenIssued(ILogger logger, string userName, string project, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "IAM token refused: wrong user name, password or account for user {UserName} of account {Domain}")]
    public static partial void TokenRefused(ILogger logger, string userName, string domain);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Information, Message = "{Method} {Path}: {StatusCode} {ErrorCode}: {Message}")]
    public static partial void RequestRejected(ILogger logger, string method, string path, int statusCode, string errorCode, string message);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Information, Message = "Stop of run {RunId} accepted while it is {Status}")]
    public static partial void StopStarted(ILogger logger, string runId, string status);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Debug, Message = "Stop of run {RunId} repeated while it is being stopped: nothing to do")]
    public static partial void StopRepeated(ILogger logger, string runId);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Error, Message = "{Method} {Path} failed; answered 500")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 5207, Level = LogLevel.Debug, Message = "{Method} {Path}: the client left before the request was complete")]
    public static partial void ClientLeft(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 5208, Level = LogLevel.Debug, Message = "Seeded run {RunId} of pipeline {PipelineId} in project {ProjectId}")]
    public static partial void RunSeeded(ILogger logger, string runId, string pipelineId, string projectId);

    [LoggerMessage(EventId = 5210, Level = LogLevel.Debug, Message = "Listed {Count} of {Matching} run(s) of pipeline {PipelineId}")]
    public static partial void RunsListed(ILogger logger, string pipelineId, int count, int matching);

    [LoggerMessage(EventId = 5209, Level = LogLevel.Information, Message = "CodeArts emulator on {BaseAddress} stopped")]
    public static partial void Stopped(ILogger logger, Uri baseAddress);
}
