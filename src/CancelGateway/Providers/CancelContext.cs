using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>What a provider may need to know about the cancellation it is asked to make.</summary>
/// <param name="OperationId">The gateway operation's id: stable across retries and restarts, so providers with idempotency tokens derive them from it.</param>
/// <param name="Mode">GRACEFUL or FORCE.</param>
/// <param name="Reason">The caller's reason, for providers that record one.</param>
/// <param name="RequestedBy">Who asked.</param>
internal sealed record CancelContext(string OperationId, CancelMode Mode, string Reason, string RequestedBy);
