using Grpc.Core;

namespace CancelGateway.Providers;

/// <summary>What a failure kind means to callers.</summary>
/// <param name="Code">The gRPC code.</param>
/// <param name="Reason">The AIP-193 ErrorInfo reason, UPPER_SNAKE.</param>
/// <param name="IsTransient">Whether the engine retries it (within its budgets).</param>
internal sealed record ProviderFailureClass(StatusCode Code, string Reason, bool IsTransient);
