using CancelGateway.Operations;
using CancelGateway.Providers;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Operations;

/// <summary>The engine's one retry rule: transient only, Retry-After first, jitter from the injected randomizer, budgets of time or attempts.</summary>
public sealed class RetryPolicyTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly EngineOptions _options = new() { RetryInitialDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromSeconds(1) };

    [Fact]
    public void Delay_RetryAfterGiven_IsTheRetryAfter()
    {
        var policy = new RetryPolicy(_options, _clock, () => 0.99);

        Assert.Equal(TimeSpan.FromSeconds(7), policy.Delay(0, Failure(ProviderFailureKind.RateLimited, TimeSpan.FromSeconds(7))));
        Assert.Equal(TimeSpan.FromMilliseconds(20), policy.Delay(5, Failure(ProviderFailureKind.RateLimited, TimeSpan.FromMilliseconds(20))));
    }

    [Theory]
    [InlineData(0, 0.5, 50)]
    [InlineData(1, 0.5, 100)]
    [InlineData(3, 1.0, 800)]
    [InlineData(10, 1.0, 1000)]
    [InlineData(10, 0.0, 0)]
    public void Delay_NoRetryAfter_FullJitterOfTheCappedExponential(int attempt, double random, int expectedMilliseconds)
    {
        var policy = new RetryPolicy(_options, _clock, () => random);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), policy.Delay(attempt, Failure(ProviderFailureKind.Unavailable)));
    }

    [Fact]
    public void For_AttemptCount_RetriesTransientUntilTheCountIsSpent()
    {
        var budget = new RetryPolicy(_options, _clock, () => 0).For(3);

        Assert.True(budget.TryRetry(Failure(ProviderFailureKind.Unavailable), out _));
        Assert.True(budget.TryRetry(Failure(ProviderFailureKind.Unreachable), out _));
        Assert.False(budget.TryRetry(Failure(ProviderFailureKind.Unavailable), out _));
        Assert.Equal(3, budget.Failures);
    }

    [Fact]
    public void For_Time_RetriesUntilTheBudgetHasPassedSinceTheFirstFailureAndResetsOnSuccess()
    {
        var budget = new RetryPolicy(_options, _clock, () => 0).For(TimeSpan.FromSeconds(10));

        Assert.True(budget.TryRetry(Failure(ProviderFailureKind.Unavailable), out _));
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.True(budget.TryRetry(Failure(ProviderFailureKind.Unavailable), out _));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(budget.TryRetry(Failure(ProviderFailureKind.Unavailable), out _));

        budget.Reset();
        Assert.True(budget.TryRetry(Failure(ProviderFailureKind.Unavailable), out _));
    }

    [Theory]
    [InlineData(nameof(ProviderFailureKind.NotFound))]
    [InlineData(nameof(ProviderFailureKind.AuthenticationFailed))]
    [InlineData(nameof(ProviderFailureKind.InvalidResponse))]
    public void TryRetry_PermanentKind_GivesUpAtOnce(string kind)
    {
        var budget = new RetryPolicy(_options, _clock).For(100);

        Assert.False(budget.TryRetry(Failure(Enum.Parse<ProviderFailureKind>(kind)), out var delay));
        Assert.Equal(TimeSpan.Zero, delay);
    }

    private static ProviderException Failure(ProviderFailureKind kind, TimeSpan? retryAfter = null) =>
        new(Provider.VertexAi, kind, kind.ToString(), retryAfter: retryAfter);
}
