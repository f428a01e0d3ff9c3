using CancelGateway.Operations;
using Grpc.Core;

namespace CancelGateway.PipelineControl;

/// <summary>
/// Without authentication, the best available notion of a caller: its connection. Kestrel's
/// connection id is unique for the life of the process (a peer address and port can be reused);
/// the peer is the fallback for a call without an HTTP context.
/// </summary>
internal sealed class ConnectionCallerKeyResolver : ICallerKeyResolver
{
    public CallerKey Resolve(ServerCallContext context) =>
        context.GetHttpContext()?.Connection.Id is { Length: > 0 } id ? new CallerKey("connection:" + id) : new CallerKey("peer:" + context.Peer);
}
