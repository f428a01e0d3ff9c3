using Grpc.Core;

namespace CancelGateway.Security;

/// <summary>Reads what <see cref="CallerInterceptor"/> left on a call.</summary>
internal static class CallContextExtensions
{
    /// <summary>The caller of this call; the interceptor has refused every call without one.</summary>
    public static Caller Caller(this ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(Caller), out var caller) && caller is Caller known
            ? known
            : throw new InvalidOperationException("No caller on this call: CallerInterceptor is not registered.");
}
