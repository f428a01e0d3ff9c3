using CancelGateway.Tests.Functional;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>The REST/JSON listener under the same rules: bearer tokens, JSON errors with the same codes and reasons.</summary>
[Collection(FunctionalTests.Name)]
public sealed class RestSecurityTests(SecureGatewayFixture fixture) : IClassFixture<SecureGatewayFixture>
{
    [Fact]
    public async Task AuditEvents_OverRest_NeedATokenAndTheAuditGrant()
    {
        using (var ciBot = fixture.ClientWith(token: fixture.Tokens.For("ci-bot")))
        {
            await ciBot.CancelAsync(fixture.AddRun("ml-prod"));
        }

        var auditor = await Curl.GetAsync(fixture.Gateway.HttpAddress, "v1/auditEvents", [("principal", "ci-bot")], bearer: fixture.Tokens.For("auditor"));
        var anonymous = await Curl.GetAsync(fixture.Gateway.HttpAddress, "v1/auditEvents");
        var notAnAuditor = await Curl.GetAsync(fixture.Gateway.HttpAddress, "v1/auditEvents", bearer: fixture.Tokens.For("ci-bot"));

        Assert.Equal(200, auditor.Status);
        Assert.Equal("ci-bot", auditor.Json.GetProperty("auditEvents")[0].GetProperty("principal").GetString());
        Assert.Equal("AUDIT_DECISION_ACCEPTED", auditor.Json.GetProperty("auditEvents")[0].GetProperty("decision").GetString());
        Assert.Equal(401, anonymous.Status);
        Assert.Equal("invalid credentials", anonymous.Json.GetProperty("message").GetString());
        Assert.Equal(403, notAnAuditor.Status);
        Assert.Contains("AUDIT_NOT_PERMITTED", notAnAuditor.Body, StringComparison.Ordinal);
    }
}
