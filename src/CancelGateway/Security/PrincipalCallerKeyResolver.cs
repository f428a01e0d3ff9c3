using CancelGateway.Operations;
using CancelGateway.PipelineControl;
using Grpc.Core;

namespace CancelGateway.Security;

/// <summary>
/// Fair scheduling and the per-caller bound count by principal: one principal opening many
/// connections is still one caller. Anonymous callers fall back to their connection.
/// </summary>
internal sealed class PrincipalCallerKeyResolver : ICallerKeyResolver
{
    private readonly ConnectionCallerKeyResolver _connections = new();

    public CallerKey Resolve(ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(Caller), out var value) && value is Caller { IsAnonymous: false } caller
            ? new CallerKey("principal:" + caller.Principal)
            : _connections.Resolve(context);
}
