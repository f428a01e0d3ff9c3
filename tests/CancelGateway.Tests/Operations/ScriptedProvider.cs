using CancelGateway.Providers;
using CancelGateway.V1;

namespace CancelGateway.Tests.Operations;

/// <summary>A provider whose answers a test scripts, recording when (on the fake clock) each call came.</summary>
internal sealed class ScriptedProvider(TimeProvider clock) : IPipelineProvider
{
    private readonly Lock _gate = new();
    private readonly List<DateTimeOffset> _cancelCalls = [];
    private readonly List<DateTimeOffset> _statusCalls = [];

    public Provider Provider => Provider.VertexAi;

    public bool SupportsForce => false;

    public int MaxBatchSize => 0;

    /// <summary>Whether a stopped run reads CANCELLING (Vertex AI, SageMaker) or stays RUNNING until it ends (CodeArts).</summary>
    public bool ShowsStopping { get; init; } = true;

    /// <summary>How many cancel requests fail (transiently, with this Retry-After) before one is accepted.</summary>
    public int TransientCancelFailures { get; set; }

    public TimeSpan? RetryAfter { get; set; }

    /// <summary>How many status reads say RUNNING before the run is CANCELLED.</summary>
    public int RunningReads { get; set; } = int.MaxValue;

    /// <summary>Whether cancel requests are recorded and then never answered (the caller's process dies with the request out).</summary>
    public bool CancelsHang { get; set; }

    /// <summary>Whether the run reads CANCELLING (a stop accepted earlier) rather than RUNNING before it ends; only where <see cref="ShowsStopping"/>.</summary>
    public bool Stopping { get; set; }

    /// <summary>Whether status reads wait until cancelled and then fail as a reset connection would (a stop cutting a poll short).</summary>
    public bool StatusReadsFailOnCancel { get; set; }

    /// <summary>When set, every status read answers this word, which no state of the gateway's matches.</summary>
    public string? UnknownState { get; set; }

    public IReadOnlyList<DateTimeOffset> CancelCalls
    {
        get
        {
            lock (_gate)
            {
                return [.. _cancelCalls];
            }
        }
    }

    public IReadOnlyList<DateTimeOffset> StatusCalls
    {
        get
        {
            lock (_gate)
            {
                return [.. _statusCalls];
            }
        }
    }

    public async Task<CancelSubmission> RequestCancelAsync(RunName run, CancelContext context, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _cancelCalls.Add(clock.GetUtcNow());
            if (_cancelCalls.Count <= TransientCancelFailures)
            {
                throw new ProviderException(Provider, ProviderFailureKind.RateLimited, "throttled", httpStatus: 429, retryAfter: RetryAfter);
            }
        }

        if (CancelsHang)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        return CancelSubmission.Accepted;
    }

    public Task RequestCancelBatchAsync(IReadOnlyList<RunName> runs, CancelContext context, CancellationToken cancellationToken) => throw new NotSupportedException();

    public string BatchScope(RunName run) => run.Text;

    public async Task<ProviderRunStatus> GetStatusAsync(RunName run, CancellationToken cancellationToken)
    {
        if (StatusReadsFailOnCancel)
        {
            lock (_gate)
            {
                _statusCalls.Add(clock.GetUtcNow());
            }

            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new ProviderException(Provider, ProviderFailureKind.Unreachable, "The connection was reset.");
            }
        }

        return ReadStatus();
    }

    private ProviderRunStatus ReadStatus()
    {
        lock (_gate)
        {
            _statusCalls.Add(clock.GetUtcNow());
            if (UnknownState is { } word)
            {
                return new ProviderRunStatus(RunState.Unspecified, word);
            }

            return _statusCalls.Count <= RunningReads
                ? (Stopping && ShowsStopping ? new ProviderRunStatus(RunState.Cancelling, "PIPELINE_STATE_CANCELLING") : new ProviderRunStatus(RunState.Running, "PIPELINE_STATE_RUNNING"))
                : new ProviderRunStatus(RunState.Cancelled, "PIPELINE_STATE_CANCELLED", clock.GetUtcNow());
        }
    }
}
