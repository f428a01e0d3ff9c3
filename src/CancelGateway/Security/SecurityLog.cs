using Microsoft.Extensions.Logging;

namespace CancelGateway.Security;

/// <summary>The security area's log lines (event ids 5000-5099). Never a token, key or certificate in them.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Policy {Path} in force: {Principals} principal entries")]
    public static partial void PolicyLoaded(ILogger logger, string path, int principals);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Policy {Path} not reloaded, the previous policy stays in force: {Problem}")]
    public static partial void PolicyReloadFailed(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Caller from {Source} refused as unauthenticated: {Problem}")]
    public static partial void AuthenticationFailed(ILogger logger, string source, string problem);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Security:AllowAnonymous is true: callers without credentials are served on {Address}, which is not loopback-only")]
    public static partial void AnonymousAllowed(ILogger logger, string address);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Callers authenticate but Security:PolicyFile is not set: every authenticated caller may cancel every run")]
    public static partial void NoPolicy(ILogger logger);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Audit {Decision} {RpcMethod} by {Principal} ({Authentication}) from {Source}: {RunCount} runs ({Runs}), request_id '{RequestId}', mode {Mode}, detail '{Detail}', operation '{Operation}'")]
    public static partial void Audit(ILogger logger, CancelGateway.V1.AuditDecision decision, string rpcMethod, string principal, string authentication, string source, int runCount, string runs, string requestId, CancelGateway.V1.CancelMode mode, string detail, string operation);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "JWKS {Path} in force: {Keys} signing keys")]
    public static partial void JwksLoaded(ILogger logger, string path, int keys);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Error, Message = "JWKS {Path} not reloaded, the previous keys stay in force: {Problem}")]
    public static partial void JwksReloadFailed(ILogger logger, string path, string problem);
}
