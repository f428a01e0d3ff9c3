using CancelGateway.Providers;

namespace CancelGateway.Operations;

/// <summary>
/// The one retry rule of the engine's three retry loops (the cancel request, polling, batch
/// chunks): only transient failures are retried (transience follows from the failure kind); the
/// delay is the provider's Retry-After when it gave one, otherwise exponential with full jitter (so
/// many runs failing together do not retry together), from an injectable randomizer; each loop
/// spends a budget of time or of attempts from <see cref="EngineOptions"/>.
/// </summary>
/// <remarks>
/// Polly's retry strategy retries one callback; these loops save the operation's last error and
/// attempt count between tries, pass each try through the provider gate, and polling renews its
/// budget after every good read, so a retry pipeline would still need this state around it. The
/// delay rule is Polly's full-jitter exponential backoff with Retry-After first, as
/// Microsoft.Extensions.Http.Resilience configures it.
/// </remarks>
/// <param name="options">Delays and budgets.</param>
/// <param name="time">The clock budgets are measured on.</param>
/// <param name="random">A number in [0, 1) per delay; <see cref="Random.Shared"/> by default.</param>
internal sealed class RetryPolicy(EngineOptions options, TimeProvider time, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <summary>Whether a failure may be retried at all.</summary>
    public static bool IsTransient(ProviderException failure) => failure?.IsTransient == true;

    /// <summary>The delay before retry number <paramref name="attempt"/> (0 for the first) after <paramref name="failure"/>.</summary>
    public TimeSpan Delay(int attempt, ProviderException? failure)
    {
        if (failure?.RetryAfter is { } retryAfter)
        {
            return retryAfter;
        }

        var ceiling = options.RetryInitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        ceiling = Math.Min(ceiling, options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(_random() * ceiling);
    }

    /// <summary>A budget of time, counted from the first failure: the cancel request, polling.</summary>
    public RetryBudget For(TimeSpan budget) => new(this, time, budget, maxAttempts: null);

    /// <summary>A budget of attempts, the first included: batch chunks.</summary>
    public RetryBudget For(int attempts) => new(this, time, budget: null, attempts);
}
