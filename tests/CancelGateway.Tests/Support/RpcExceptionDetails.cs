using Google.Protobuf;
using Grpc.Core;

namespace CancelGateway.Tests.Support;

/// <summary>Reads the google.rpc.Status details a call failed with (grpc-status-details-bin).</summary>
internal static class RpcExceptionDetails
{
    /// <summary>The first detail of type <typeparamref name="T"/>, or null when there is none.</summary>
    public static T? GetDetail<T>(this RpcException exception)
        where T : class, IMessage<T>, new() =>
        exception.GetRpcStatus()?.GetDetail<T>();
}
