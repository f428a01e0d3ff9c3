using CancelGateway.Grpc.Protocol;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CancelGateway.Grpc.Server.Internal;

/// <summary>
/// Writes a call's status: in the trailers when the response has started, otherwise as a
/// trailers-only response (one HEADERS frame with END_STREAM), as PROTOCOL-HTTP2.md allows.
/// </summary>
internal static class StatusWriting
{
    public static void Write(HttpContext context, bool responseStarted, Status status, Google.Rpc.Status? richStatus, Metadata? trailers, Metadata? handlerTrailers)
    {
        var response = context.Response;
        IHeaderDictionary target;
        if (responseStarted || response.HasStarted)
        {
            target = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers
                ?? throw new InvalidOperationException("The server does not support response trailers (HTTP/2 is required).");
        }
        else
        {
            response.ContentType = GrpcProtocolConstants.ContentType;
            target = response.Headers;
        }

        target.GrpcStatus = GrpcProtocolConstants.StatusValues[(int)status.StatusCode];
        if (!string.IsNullOrEmpty(status.Detail))
        {
            target.GrpcMessage = PercentEncoding.Encode(status.Detail);
        }

        if (richStatus is not null)
        {
            target[GrpcProtocolConstants.StatusDetailsHeader] = Convert.ToBase64String(richStatus.ToByteArray());
        }

        if (handlerTrailers is { Count: > 0 })
        {
            MetadataHeaders.AddTo(target, handlerTrailers);
        }

        if (trailers is { Count: > 0 })
        {
            MetadataHeaders.AddTo(target, trailers);
        }
    }

    /// <summary>The fast path of a successful call: only <c>grpc-status: 0</c> in the trailers.</summary>
    public static void WriteOk(HttpContext context, ServerCallContext call)
    {
        if (call.HasResponseTrailers || !call.ResponseStarted)
        {
            Write(context, call.ResponseStarted, Status.DefaultSuccess, null, null, call.HasResponseTrailers ? call.ResponseTrailers : null);
            return;
        }

        context.Features.Get<IHttpResponseTrailersFeature>()!.Trailers.GrpcStatus = GrpcProtocolConstants.StatusOkValue;
    }

    /// <summary>Answers a request that never became a call, before any handler ran.</summary>
    public static Task Reject(HttpContext context, int httpStatus, StatusCode code, string message, bool advertiseEncodings = false)
    {
        var response = context.Response;
        response.StatusCode = httpStatus;
        response.ContentType = GrpcProtocolConstants.ContentType;
        response.Headers.GrpcStatus = GrpcProtocolConstants.StatusValues[(int)code];
        response.Headers.GrpcMessage = PercentEncoding.Encode(message);
        if (advertiseEncodings)
        {
            response.Headers.GrpcAcceptEncoding = GrpcProtocolConstants.SupportedEncodingsValue;
        }

        return Task.CompletedTask;
    }
}
