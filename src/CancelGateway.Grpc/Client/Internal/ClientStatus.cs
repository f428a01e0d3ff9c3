using System.Net;
using System.Net.Http.Headers;
using CancelGateway.Grpc.Protocol;

namespace CancelGateway.Grpc.Client.Internal;

/// <summary>Reads a call's status from response headers or trailers, and maps HTTP failures (PROTOCOL-HTTP2.md, http-grpc-status-mapping).</summary>
internal static class ClientStatus
{
    /// <summary>The status in <paramref name="headers"/>, or null when there is no <c>grpc-status</c>.</summary>
    public static (Status Status, Google.Rpc.Status? Rich)? Read(HttpHeaders headers)
    {
        if (!headers.NonValidated.TryGetValues(GrpcProtocolConstants.StatusHeader, out var values))
        {
            return null;
        }

        var text = values.ToString();
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            return (new Status(StatusCode.Internal, $"Unparsable grpc-status '{text}'."), null);
        }

        var message = headers.NonValidated.TryGetValues(GrpcProtocolConstants.MessageHeader, out var messageValues)
            ? PercentEncoding.Decode(messageValues.ToString())
            : string.Empty;
        Google.Rpc.Status? rich = null;
        if (headers.NonValidated.TryGetValues(GrpcProtocolConstants.StatusDetailsHeader, out var details))
        {
            try
            {
                rich = Google.Rpc.Status.Parser.ParseFrom(MetadataHeaders.DecodeBinary(details.ToString()));
            }
            catch (Exception e) when (e is FormatException or Google.Protobuf.InvalidProtocolBufferException)
            {
                // A status without readable details is still the status.
            }
        }

        return (new Status((StatusCode)code, message), rich);
    }

    public static Status FromHttpStatus(HttpStatusCode httpStatus) => new(
        httpStatus switch
        {
            HttpStatusCode.BadRequest => StatusCode.Internal,
            HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
            HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
            HttpStatusCode.NotFound => StatusCode.Unimplemented,
            HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
            _ => StatusCode.Unknown,
        },
        $"Bad gRPC response. HTTP status code: {(int)httpStatus}.");

    public static RpcException ToException(Status status, Google.Rpc.Status? rich, Metadata trailers) =>
        rich is not null && rich.Code == (int)status.StatusCode ? new RpcException(rich, trailers) : new RpcException(status, trailers);
}
