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
/// </summary>
internal sealed class RpcMetricsInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.Unknown;
        try
        {
            var response = await continuation(request, context);
            status = context.Status.StatusCode;
            return response;
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

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.Unknown;
        try
        {
            await continuation(request, responseStream, context);
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

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.Unknown;
        try
        {
            var response = await continuation(requestStream, context);
            status = context.Status.StatusCode;
            return response;
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

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.Unknown;
        try
        {
            await continuation(requestStream, responseStream, context);
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
