using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.Faults;

/// <summary>
/// Runs before routing and applies the fault <see cref="EmulatorFaults"/> decides for each request.
/// </summary>
internal sealed partial class FaultInjectionMiddleware(
    RequestDelegate next,
    EmulatorFaults faults,
    IFaultResponder responder,
    ILogger<FaultInjectionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var plan = faults.Decide(responder.IsTokenEndpoint(context.Request));
        if (plan.Delay > TimeSpan.Zero)
        {
            // Latency stands for the network, so it runs on the wall clock: a test that freezes
            // the emulator's TimeProvider to control run states must not freeze its requests too.
            try
            {
                await Task.Delay(plan.Delay, TimeProvider.System, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client gave up while the request was "on the wire"; nobody is left to answer.
                return;
            }
        }

        switch (plan.Kind)
        {
            case FaultKind.DropConnection:
                LogDropped(logger, context.Request.Method, context.Request.Path);
                context.Abort();
                return;
            case FaultKind.Unavailable:
                LogInjected(logger, StatusCodes.Status503ServiceUnavailable, context.Request.Method, context.Request.Path);
                await responder.WriteUnavailableAsync(context);
                return;
            case FaultKind.Throttle:
                LogInjected(logger, StatusCodes.Status429TooManyRequests, context.Request.Method, context.Request.Path);
                await responder.WriteThrottledAsync(context, (int)Math.Ceiling(plan.RetryAfter.TotalSeconds));
                return;
            case FaultKind.FailAfterEffect:
                await FailAfterEffectAsync(context);
                return;
            default:
                await next(context);
                return;
        }
    }

    private async Task FailAfterEffectAsync(HttpContext context)
    {
        // The API writes into a buffer nobody reads: its effect is real, its answer is lost.
        var original = context.Response.Body;
        await using (var discarded = new MemoryStream())
        {
            context.Response.Body = discarded;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }
        }

        LogInjectedAfterEffect(logger, context.Response.StatusCode, context.Request.Method, context.Request.Path);
        context.Response.Clear();
        await responder.WriteUnavailableAsync(context);
    }

    [LoggerMessage(EventId = 5900, Level = LogLevel.Information, Message = "Injected fault: {Method} {Path} answered {StatusCode} before taking effect")]
    private static partial void LogInjected(ILogger logger, int statusCode, string method, PathString path);

    [LoggerMessage(EventId = 5901, Level = LogLevel.Information, Message = "Injected fault: {Method} {Path} took effect ({StatusCode}) and is answered 503")]
    private static partial void LogInjectedAfterEffect(ILogger logger, int statusCode, string method, PathString path);

    [LoggerMessage(EventId = 5902, Level = LogLevel.Information, Message = "Injected fault: {Method} {Path} connection dropped")]
    private static partial void LogDropped(ILogger logger, string method, PathString path);
}
