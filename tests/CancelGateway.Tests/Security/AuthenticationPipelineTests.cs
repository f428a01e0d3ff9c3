using CancelGateway.Tests.Functional;
using CancelGateway.Tests.Support;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>
/// What authentication does per call, through the real host: each request is authenticated
/// once (not once by the gateway's middleware and again by one the framework adds), and a
/// caller sending the same token on every call has its signature checked once.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class AuthenticationPipelineTests
{
    private const int Calls = 20;

    [Fact]
    public async Task Calls_WithTheSameToken_AreEachAuthenticatedOnce_AndTheTokenValidatedOnce()
    {
        await using var fixture = await SecureGatewayFixture.StartAsync();
        var received = 0;
        var validated = 0;
        await fixture.RestartGatewayAsync(builder => builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var onMessageReceived = options.Events.OnMessageReceived;
            var onTokenValidated = options.Events.OnTokenValidated;
            options.Events.OnMessageReceived = context =>
            {
                Interlocked.Increment(ref received);
                return onMessageReceived(context);
            };
            options.Events.OnTokenValidated = context =>
            {
                Interlocked.Increment(ref validated);
                return onTokenValidated(context);
            };
        }));
        using var client = fixture.ClientWith(token: fixture.Tokens.For("ci-bot"));

        var operation = await client.CancelAsync(fixture.AddRun());
        for (var i = 0; i < Calls; i++)
        {
            Assert.Equal(operation.Name, (await client.GetOperationAsync(operation.Name)).Name);
        }

        Assert.Equal(Calls + 1, Volatile.Read(ref received));
        Assert.Equal(1, Volatile.Read(ref validated));
        fixture.AssertNoUnexpectedErrors();
    }
}
