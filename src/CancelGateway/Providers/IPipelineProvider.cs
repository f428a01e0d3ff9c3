using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>
/// One cloud's way to stop a run and to read its state. Adapters throw
/// <see cref="ProviderException"/> for every failure, classified (transient or not) and mapped to
/// a gRPC code; the engine retries the transient ones. No adapter retries on its own.
/// </summary>
internal interface IPipelineProvider
{
    /// <summary>The provider this adapter speaks to.</summary>
    Provider Provider { get; }

    /// <summary>Whether <see cref="CancelMode.Force"/> means anything for this provider.</summary>
    bool SupportsForce { get; }

    /// <summary>The most runs one batch request may hold; 0 when the provider has no batch cancel.</summary>
    int MaxBatchSize { get; }

    /// <summary>
    /// How many provider requests one <see cref="GetStatusAsync"/> usually makes (default 1), so
    /// the engine's per-provider rate limit counts requests, not calls.
    /// </summary>
    int RequestsPerStatusRead => 1;

    /// <summary>
    /// Whether a run whose stop this provider accepted reads a stopping state
    /// (<see cref="RunState.Cancelling"/>) until it ends, so that reading the run tells whether a
    /// stop went out. Vertex AI (CANCELLING) and SageMaker (Stopping) do; CodeArts has no such
    /// state, its run reads RUNNING until it is CANCELED.
    /// </summary>
    bool ShowsStopping => true;

    /// <summary>Asks the provider to stop <paramref name="run"/>.</summary>
    Task<CancelSubmission> RequestCancelAsync(RunName run, CancelContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the provider to stop several runs in one request. All share the provider's batch
    /// scope (for Vertex AI: one parent) and there are at most <see cref="MaxBatchSize"/>.
    /// All-or-nothing: on failure nothing was cancelled and the exception says why.
    /// </summary>
    Task RequestCancelBatchAsync(IReadOnlyList<RunName> runs, CancelContext context, CancellationToken cancellationToken);

    /// <summary>The key that groups runs which may share one batch request (for Vertex AI, the parent).</summary>
    string BatchScope(RunName run);

    /// <summary>Reads the run's current state.</summary>
    Task<ProviderRunStatus> GetStatusAsync(RunName run, CancellationToken cancellationToken);

    /// <summary>
    /// FORCE: removes what holds the run's stop back where the provider allows it (SageMaker:
    /// fails waiting callback steps with their callback tokens, naming the caller's request in
    /// the reason). Returns every blocker it saw, each marked forced, or not forced with the
    /// reason (a Lambda step cannot be forced). Called by the engine while a FORCE cancellation
    /// finds unforced blockers; only for providers whose <see cref="SupportsForce"/> is true.
    /// </summary>
    Task<IReadOnlyList<StopBlocker>> ForceAsync(RunName run, CancelContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{ProviderNames.Of(Provider)} has no forced stop.");
}
