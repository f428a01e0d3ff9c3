namespace CancelGateway.Operations;

/// <summary>The operations engine (configuration section "Engine"). Defaults suit real providers.</summary>
internal sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>How long Cancel waits for the provider's first answer before returning the pending operation (default 2 s).</summary>
    public TimeSpan FirstAttemptWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The first interval between polls of a run (default 1 s), as the Workflows connector does.</summary>
    public TimeSpan PollInitialInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Each quiet poll multiplies the interval by this (default 1.25).</summary>
    public double PollMultiplier { get; set; } = 1.25;

    /// <summary>The longest interval between polls (default 30 s).</summary>
    public TimeSpan PollMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first delay before retrying a transient failure (default 200 ms), doubled per retry, with full jitter.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between retries (default 30 s); a longer Retry-After is still honoured.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long transient failures of the cancel request itself may go on before the operation fails (default 10 min).</summary>
    public TimeSpan CancelRetryBudget { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many times one batch request (a chunk of runs) is tried before its runs are cancelled one by one (default 3).</summary>
    public int BatchSubmitAttempts { get; set; } = 3;

    /// <summary>How long polls may keep failing in a row before the operation fails (default 1 h).</summary>
    public TimeSpan PollFailureBudget { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a run may go on showing no sign of stopping (still queued, pending or running)
    /// after the provider accepted the cancel before the gateway asks again (default 2 min).
    /// Cancels are best effort (Vertex: "success is not guaranteed"; a batch cancel's operation
    /// can fail after it was accepted), so an accepted request is not proof of a stop.
    /// </summary>
    public TimeSpan ResubmitAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Requests per second to one provider, across all runs (default 20): a big batch must not get the account throttled.</summary>
    public double ProviderRequestsPerSecond { get; set; } = 20;

    /// <summary>Requests in flight to one provider at once (default 32).</summary>
    public int ProviderConcurrency { get; set; } = 32;

    /// <summary>
    /// Runs one caller may have accepted whose cancel requests have not yet been sent (default
    /// 5 000, five full batches): a request that would go over is refused with
    /// RESOURCE_EXHAUSTED before anything is stored, so one caller cannot queue hours of work.
    /// </summary>
    public int MaxQueuedPerCaller { get; set; } = 5_000;

    /// <summary>How often a batch operation's progress is written (default 250 ms).</summary>
    public TimeSpan BatchProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a replica's lease on its unfinished operations lasts without renewal (default
    /// 15 s): a replica that dies has its operations taken over by the others within about this
    /// long (plus one renewal interval, a quarter of it). Renewed every quarter of it; a replica
    /// that could not renew for three quarters of it stops calling providers and joins again.
    /// Matters only with several replicas on one PostgreSQL database.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the lease is renewed and unowned operations are claimed: a quarter of <see cref="LeaseTime"/>.</summary>
    internal TimeSpan LeaseRenewInterval => LeaseTime / 4;

    /// <summary>How many done operations are kept in memory for fast reads (default 10 000).</summary>
    public int DoneCacheSize { get; set; } = 10_000;

    internal void Validate()
    {
        Positive(FirstAttemptWait, nameof(FirstAttemptWait));
        Positive(PollInitialInterval, nameof(PollInitialInterval));
        Positive(PollMaxInterval, nameof(PollMaxInterval));
        Positive(RetryInitialDelay, nameof(RetryInitialDelay));
        Positive(RetryMaxDelay, nameof(RetryMaxDelay));
        Positive(CancelRetryBudget, nameof(CancelRetryBudget));
        Positive(PollFailureBudget, nameof(PollFailureBudget));
        Positive(BatchProgressInterval, nameof(BatchProgressInterval));
        Positive(ResubmitAfter, nameof(ResubmitAfter));
        if (LeaseTime < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"Engine:{nameof(LeaseTime)} must be at least 1 second (was {LeaseTime}).");
        }

        if (PollMultiplier < 1)
        {
            throw new InvalidOperationException($"Engine:{nameof(PollMultiplier)} must be at least 1 (was {PollMultiplier}).");
        }

        if (BatchSubmitAttempts < 1)
        {
            throw new InvalidOperationException($"Engine:{nameof(BatchSubmitAttempts)} must be at least 1 (was {BatchSubmitAttempts}).");
        }

        if (MaxQueuedPerCaller < 1)
        {
            throw new InvalidOperationException($"Engine:{nameof(MaxQueuedPerCaller)} must be at least 1 (was {MaxQueuedPerCaller}).");
        }

        if (ProviderRequestsPerSecond <= 0 || ProviderConcurrency <= 0 || DoneCacheSize < 0)
        {
            throw new InvalidOperationException("Engine:ProviderRequestsPerSecond and Engine:ProviderConcurrency must be positive, Engine:DoneCacheSize not negative.");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Engine:{name} must be positive (was {value}).");
        }
    }
}
