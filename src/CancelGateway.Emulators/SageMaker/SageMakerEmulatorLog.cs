using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.SageMaker;

/// <summary>
/// The SageMaker emulator's log events (ids 5100-5199). Secret keys, signatures, session tokens
/// and callback tokens are never logged: only access key ids, ARNs and step names.
/// </summary>
internal static partial class SageMakerEmulatorLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "SageMaker emulator listening on {BaseAddress} (access key {AccessKeyId})")]
    public static partial void Started(ILogger logger, Uri baseAddress, string accessKeyId);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "{Action}: {StatusCode} {Type}: {Message}")]
    public static partial void RequestRejected(ILogger logger, string action, int statusCode, string type, string message);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Stop of {Arn} accepted: {Status}")]
    public static partial void StopAccepted(ILogger logger, string arn, SageMakerExecutionStatus status);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "Stop of {Arn} repeated with the same ClientRequestToken: the same answer, nothing done")]
    public static partial void StopReplayed(ILogger logger, string arn);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "Callback step {StepName} of {Arn} answered: {Outcome}")]
    public static partial void StepAnswered(ILogger logger, string stepName, string arn, string outcome);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Error, Message = "{Action} failed; answered 500 InternalFailure")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string action);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Debug, Message = "{Action}: the client left before the request was complete")]
    public static partial void ClientLeft(ILogger logger, string action);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Debug, Message = "Seeded execution {Arn}")]
    public static partial void ExecutionSeeded(ILogger logger, string arn);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Information, Message = "SageMaker emulator on {BaseAddress} stopped")]
    public static partial void Stopped(ILogger logger, Uri baseAddress);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Debug, Message = "{Action} throttled: over {RequestsPerSecond} requests/s")]
    public static partial void Throttled(ILogger logger, string action, double? requestsPerSecond);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Debug, Message = "Listed {Count} of {Matching} execution(s) of {Pipeline}")]
    public static partial void ExecutionsListed(ILogger logger, string pipeline, int count, int matching);
}
