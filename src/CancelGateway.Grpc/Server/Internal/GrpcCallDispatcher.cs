using CancelGateway.Grpc.Protocol;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Grpc.Server.Internal;

/// <summary>
/// The edge of the server: checks that a request is a gRPC call, routes it to its method,
/// runs it, and turns whatever happened into a status. The one place exceptions become statuses.
/// </summary>
internal sealed class GrpcCallDispatcher(GrpcServiceRegistry registry, IOptions<GrpcServerOptions> options, TimeProvider timeProvider, ILogger<GrpcCallDispatcher> logger)
{
    private readonly GrpcServerOptions _options = options.Value;

    public Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        if (!HttpMethods.IsPost(request.Method))
        {
            GrpcServerLog.RequestRejected(logger, path, "method is not POST");
            return StatusWriting.Reject(context, StatusCodes.Status405MethodNotAllowed, StatusCode.Internal, "gRPC requires POST.");
        }

        if (!GrpcProtocolConstants.IsGrpcContentType(request.ContentType))
        {
            GrpcServerLog.RequestRejected(logger, path, "content-type is not application/grpc");
            return StatusWriting.Reject(context, StatusCodes.Status415UnsupportedMediaType, StatusCode.Internal, $"Content-Type '{request.ContentType}' is not supported; use application/grpc.");
        }

        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            GrpcServerLog.RequestRejected(logger, path, "not HTTP/2");
            return StatusWriting.Reject(context, StatusCodes.Status426UpgradeRequired, StatusCode.Internal, "gRPC requires HTTP/2.");
        }

        if (!registry.Methods.TryGetValue(path, out var method))
        {
            return StatusWriting.Reject(context, StatusCodes.Status200OK, StatusCode.Unimplemented, UnimplementedMessage(path));
        }

        var encoding = request.Headers.GrpcEncoding;
        if (encoding.Count > 0 && encoding.ToString() is var name && name != GrpcProtocolConstants.IdentityEncoding && name != GrpcProtocolConstants.GzipEncoding)
        {
            return StatusWriting.Reject(context, StatusCodes.Status200OK, StatusCode.Unimplemented, $"Unsupported grpc-encoding '{name}'; supported: {GrpcProtocolConstants.SupportedEncodings}.", advertiseEncodings: true);
        }

        TimeSpan? timeout = null;
        var timeoutHeader = request.Headers.GrpcTimeout;
        if (timeoutHeader.Count > 0)
        {
            if (!GrpcTimeout.TryParse(timeoutHeader.ToString(), out var parsed))
            {
                return StatusWriting.Reject(context, StatusCodes.Status200OK, StatusCode.Internal, $"Malformed grpc-timeout '{timeoutHeader}'.");
            }

            timeout = parsed < GrpcTimeout.Max ? parsed : null;
        }

        if (method.IsRequestStreaming)
        {
            // A stream may idle or grow past Kestrel's body limits; the message limit still applies to each message.
            var bodySize = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (bodySize is { IsReadOnly: false })
            {
                bodySize.MaxRequestBodySize = null;
            }

            context.Features.Get<IHttpMinRequestBodyDataRateFeature>()?.MinDataRate = null;
        }

        return RunAsync(context, method, timeout);
    }

    private async Task RunAsync(HttpContext context, ServerMethod method, TimeSpan? timeout)
    {
        using var call = new ServerCallContext(context, method.Path, _options, timeout, timeProvider);
        try
        {
            await method.HandleAsync(call);
            if (call.DeadlineExceeded)
            {
                throw new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded.");
            }

            StatusWriting.WriteOk(context, call);
        }
        catch (Exception exception)
        {
            WriteFailure(context, call, method, exception);
        }
    }

    private void WriteFailure(HttpContext context, ServerCallContext call, ServerMethod method, Exception exception)
    {
        if (context.RequestAborted.IsCancellationRequested || IsClientGone(exception))
        {
            // The client reset the stream or the connection dropped: nobody is left to tell.
            GrpcServerLog.CallCancelled(logger, method.Path);
            return;
        }

        Status status;
        Google.Rpc.Status? rich = null;
        Metadata? trailers = null;
        if (call.DeadlineExceeded)
        {
            status = new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.");
        }
        else if (exception is RpcException rpc)
        {
            status = rpc.Status;
            rich = rpc.RichStatus;
            trailers = rpc.Trailers;
        }
        else
        {
            GrpcServerLog.HandlerFailed(logger, method.Path, exception);
            var detail = _options.EnableDetailedErrors ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}" : "Exception was thrown by handler.";
            status = new Status(StatusCode.Unknown, detail);
        }

        GrpcServerLog.CallFailed(logger, method.Path, status.StatusCode, status.Detail);
        try
        {
            StatusWriting.Write(context, call.ResponseStarted, status, rich, trailers, call.HasResponseTrailers ? call.ResponseTrailers : null);
        }
        catch (Exception writeFailure)
        {
            GrpcServerLog.StatusNotSent(logger, method.Path, writeFailure);
        }
    }

    /// <summary>
    /// Kestrel fails a read of the request body as soon as the connection faults, a moment
    /// before it fires RequestAborted; such a read is the client leaving, not a handler bug.
    /// </summary>
    private static bool IsClientGone(Exception exception) =>
        exception is ConnectionAbortedException or IOException { InnerException: ConnectionAbortedException };

    private string UnimplementedMessage(string path)
    {
        var slash = path.LastIndexOf('/');
        var service = slash > 1 ? path[1..slash] : path.TrimStart('/');
        return registry.ServiceNames.Contains(service)
            ? $"Method is unimplemented: {path}."
            : $"Service is unimplemented: {service}.";
    }
}
