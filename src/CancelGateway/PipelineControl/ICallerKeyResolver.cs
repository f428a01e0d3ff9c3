using CancelGateway.Operations;
using Grpc.Core;

namespace CancelGateway.PipelineControl;

/// <summary>
/// Says whose request a call is, for fair scheduling and the per-caller bound on queued work.
/// Replace the registration with one that reads the authenticated principal once callers authenticate.
/// </summary>
internal interface ICallerKeyResolver
{
    CallerKey Resolve(ServerCallContext context);
}
