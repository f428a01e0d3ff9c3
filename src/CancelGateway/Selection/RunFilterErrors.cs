using CancelGateway.Providers;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace CancelGateway.Selection;

/// <summary>A bad filter as the API reports it.</summary>
internal static class RunFilterErrors
{
    /// <summary>The ErrorInfo reason, the same ListOperations gives a bad filter.</summary>
    public const string Reason = "INVALID_FILTER";

    /// <summary>
    /// INVALID_ARGUMENT with an ErrorInfo (<see cref="Reason"/>) and a BadRequest field violation
    /// on <paramref name="fieldName"/> whose description says where the problem is.
    /// </summary>
    public static RpcException ToRpcException(RunFilterError error, string fieldName = "filter")
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = GatewayErrors.InvalidArgument(Reason, $"{fieldName} {error.Message}");
        status.Details.Add(Any.Pack(new BadRequest
        {
            FieldViolations = { new BadRequest.Types.FieldViolation { Field = fieldName, Description = error.Message } },
        }));
        return status.ToRpcException();
    }
}
