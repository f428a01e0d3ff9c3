using System.Security.Claims;
using CancelGateway.Security;
using CancelGateway.Tests.Functional;
using CancelGateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>
/// The cache of validated bearer tokens: what it keeps, for how long, and that the real host
/// finds a token there on its next call (so the signature is checked once, not per call).
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class ValidatedTokenCacheTests(SecureGatewayFixture fixture) : IClassFixture<SecureGatewayFixture>
{
    private static readonly ClaimsPrincipal Someone = new(new ClaimsIdentity([new Claim(CallerClaims.Principal, "ci-bot")], "test"));

    [Fact]
    public void Find_BeforeExpiry_ReturnsThePrincipal_AndAfterItNothing()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var cache = new ValidatedTokenCache(clock);
        cache.Add("token-a", Someone, clock.GetUtcNow().AddSeconds(30));

        Assert.Same(Someone, cache.Find("token-a"));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(cache.Find("token-a"));
        Assert.Null(cache.Find("token-a"));
    }

    [Fact]
    public void Find_ALongLivedToken_IsValidatedAgainAfterFiveMinutes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var cache = new ValidatedTokenCache(clock);
        cache.Add("token-a", Someone, clock.GetUtcNow().AddHours(2));

        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.Same(Someone, cache.Find("token-a"));
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Null(cache.Find("token-a"));
    }

    [Fact]
    public void Find_AnotherToken_OrAfterClear_ReturnsNothing()
    {
        var clock = new FakeTimeProvider();
        var cache = new ValidatedTokenCache(clock);
        cache.Add("token-a", Someone, clock.GetUtcNow().AddMinutes(1));

        Assert.Null(cache.Find("token-b"));
        Assert.Null(cache.Find("token-"));
        cache.Clear();
        Assert.Null(cache.Find("token-a"));
    }

    [Fact]
    public async Task Call_WithAToken_LeavesItInTheCache_ForTheNextCalls()
    {
        var token = fixture.Tokens.For("ci-bot");
        var cache = fixture.Gateway.App.Services.GetRequiredService<ValidatedTokenCache>();
        Assert.Null(cache.Find(token));

        using var client = fixture.ClientWith(token: token);
        var operation = await client.CancelAsync(fixture.AddRun());

        Assert.Equal("ci-bot", cache.Find(token)?.FindFirst(CallerClaims.Principal)?.Value);
        Assert.Equal(operation.Name, (await client.GetOperationAsync(operation.Name)).Name);
        fixture.AssertNoUnexpectedErrors();
    }
}
