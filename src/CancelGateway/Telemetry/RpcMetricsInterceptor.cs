using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CancelGateway.Telemetry;

/// <summary>
/// Measures every call of every gRPC service (and the REST calls transcoded to them) as
/// <c>rpc.server.call.duration</c> by method and gRPC status code: the RPCs' rate, latency and
/// error rate. ASP.NET Core's <c>http.server.request.duration</c> cannot give the error rate of
/// gRPC calls (their HTTP status is 200 whatever the gRPC status), and costs more per call (six
/// attributes; bench/README.md, "telemetry"). Registered first, so that refused calls count too.
/// All four kinds of call are measured, bidirectional ones (server reflection) included.
/// </summary>
internal sealed class RpcMetricsInterceptor : Interceptor
{
    // grpc-dotnet hands each interceptor an async continuation, so a call the next interceptor
    // refuses by throwing (the caller check does) arrives here as a faulted task and is measured.
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        Measured(Stopwatch.GetTimestamp(), continuation(request, context), context);

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        Measured(Stopwatch.GetTimestamp(), continuation(requestStream, context), context);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        Measured(Stopwatch.GetTimestamp(), continuation(request, responseStream, context), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Measured(Stopwatch.GetTimestamp(), continuation(requestStream, responseStream, context), context);

    /// <summary>
    /// A call that has already succeeded (a read answered from memory usually has, by the time
    /// its handler returns) is recorded at once and its own task handed on; only a call still
    /// running is awaited.
    /// </summary>
    private static Task<TResponse> Measured<TResponse>(long started, Task<TResponse> call, ServerCallContext context) =>
        RecordedAlready(started, call, context) ? call : MeasuredAsync(started, call, context);

    /// <inheritdoc cref="Measured{TResponse}(long, Task{TResponse}, ServerCallContext)"/>
    private static Task Measured(long started, Task call, ServerCallContext context) =>
        RecordedAlready(started, call, context) ? call : MeasuredAsync(started, call, context);

    /// <summary>Records a call that has already succeeded; false for one still running or failed.</summary>
    private static bool RecordedAlready(long started, Task call, ServerCallContext context)
    {
        if (!call.IsCompletedSuccessfully)
        {
            return false;
        }

        GatewayTelemetry.RpcCall(context.Method, context.Status.StatusCode, Stopwatch.GetElapsedTime(started));
        return true;
    }

    /// <summary>Awaits a call that returns a response, then records it.</summary>
    private static async Task<TResponse> MeasuredAsync<TResponse>(long started, Task<TResponse> call, ServerCallContext context)
    {
        await MeasuredAsync(started, (Task)call, context);
        return call.Result;
    }

    /// <summary>Awaits a call (its handler runs until its first wait before this is entered), then records it.</summary>
    private static async Task MeasuredAsync(long started, Task call, ServerCallContext context)
    {
        var status = StatusCode.Unknown;
        try
        {
            await call;
            status = context.Status.StatusCode;
        }
        catch (Exception exception)
        {
            status = StatusOf(exception, context);
            throw;
        }
        finally
        {
            GatewayTelemetry.RpcCall(context.Method, status, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The status grpc-dotnet answers a handler's exception with.</summary>
    private static StatusCode StatusOf(Exception exception, ServerCallContext context) => exception switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
        _ => StatusCode.Unknown,
    };
}
