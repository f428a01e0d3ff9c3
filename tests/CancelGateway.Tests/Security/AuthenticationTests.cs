using CancelGateway.Tests.Functional;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>
/// Who gets in, through the real host over TLS: bearer tokens signed at test time and client
/// certificates made by openssl. A refused caller hears UNAUTHENTICATED "invalid credentials"
/// and nothing else, and its call reaches neither a provider nor the store.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class AuthenticationTests(SecureGatewayFixture fixture) : IClassFixture<SecureGatewayFixture>
{
    [Theory]
    [InlineData("rs256")]
    [InlineData("es256")]
    public async Task Cancel_WithValidTokenInScope_RecordsSubjectAsRequester(string algorithm)
    {
        var run = fixture.AddRun();
        using var client = fixture.ClientWith(token: algorithm == "rs256" ? fixture.Tokens.For("ci-bot") : fixture.Tokens.Es256For("ci-bot"));

        var operation = await client.CancelAsync(run);

        Assert.Equal("ci-bot", operation.Metadata.Unpack<CancelOperationMetadata>().RequestedBy);
        var done = await client.WaitDoneAsync(operation.Name);
        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        fixture.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData("spiffe", "ml-prod", TestPki.SpiffeId)]
    [InlineData("cn", "ml-dev", TestPki.CommonNameOnly)]
    public async Task Cancel_WithClientCertificateInScope_RecordsUriSanOrCommonName(string certificate, string project, string principal)
    {
        var run = fixture.AddRun(project);
        using var client = fixture.ClientWith(certificate: certificate);

        var operation = await client.CancelAsync(run);

        Assert.Equal(principal, operation.Metadata.Unpack<CancelOperationMetadata>().RequestedBy);
        Assert.True((await client.WaitDoneAsync(operation.Name)).Done);
        fixture.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData("none")]
    [InlineData("expired")]
    [InlineData("not-yet-valid")]
    [InlineData("wrong-issuer")]
    [InlineData("wrong-audience")]
    [InlineData("unknown-kid")]
    [InlineData("forged-known-kid")]
    [InlineData("alg-none")]
    [InlineData("hs256-with-rsa-public-key")]
    [InlineData("tampered-payload")]
    [InlineData("no-sub")]
    [InlineData("garbage")]
    [InlineData("certificate-from-another-ca")]
    [InlineData("expired-certificate")]
    [InlineData("certificate-for-servers-only")]
    public async Task Cancel_WithBadCredentials_IsUnauthenticatedAndTouchesNothing(string credentials)
    {
        var run = fixture.AddRun();
        var tokens = fixture.Tokens;
        var (token, certificate) = credentials switch
        {
            "none" => (null, null),
            "expired" => (tokens.Expired("ci-bot"), null),
            "not-yet-valid" => (tokens.NotYetValid("ci-bot"), null),
            "wrong-issuer" => (tokens.WrongIssuer("ci-bot"), null),
            "wrong-audience" => (tokens.WrongAudience("ci-bot"), null),
            "unknown-kid" => (tokens.UnknownKid("ci-bot"), null),
            "forged-known-kid" => (tokens.ForgedWithKnownKid("ci-bot"), null),
            "alg-none" => (TestTokens.AlgNone("ci-bot"), null),
            "hs256-with-rsa-public-key" => (tokens.Hs256WithPublicKey("ci-bot"), null),
            "tampered-payload" => (tokens.Tampered("alice", "ci-bot"), null),
            "no-sub" => (tokens.NoSubject(), null),
            "garbage" => ("not.a.token", null),
            "certificate-from-another-ca" => (null, "foreign"),
            "expired-certificate" => (null, "expired"),
            "certificate-for-servers-only" => ((string?)null, (string?)"serveronly"),
            _ => throw new ArgumentOutOfRangeException(nameof(credentials)),
        };
        var rows = fixture.StoreRows();
        using var client = fixture.ClientWith(token, certificate);

        var failure = await GatewayClient.FailureOf(() => client.CancelAsync(run, requestId: Guid.NewGuid().ToString()));

        Assert.Equal(StatusCode.Unauthenticated, failure.StatusCode);
        Assert.Equal("invalid credentials", failure.Status.Detail);
        Assert.Equal("INVALID_CREDENTIALS", failure.GetDetail<ErrorInfo>()?.Reason);
        Assert.Equal(0, fixture.Emulator.CancelCalls(run) + fixture.Emulator.GetCalls(run));
        Assert.Equal(rows, fixture.StoreRows());
        Assert.Contains(fixture.Logs.Entries, e => e.EventId.Id == 5002);
        if (token is not null)
        {
            // The reason is logged, the token never is (nor its signature).
            var signature = token.Split('.').Last();
            Assert.DoesNotContain(fixture.Logs.Entries, e => e.Message.Contains(token, StringComparison.Ordinal) || (signature.Length > 8 && e.Message.Contains(signature, StringComparison.Ordinal)));
        }

        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Token_AfterItsKeyLeavesTheJwks_IsRefused()
    {
        // A separate gateway: rotating the keys would break the shared fixture's tokens.
        await using var own = await SecureGatewayFixture.StartAsync();
        var run = own.AddRun();
        var oldToken = own.Tokens.For("ci-bot");
        using (var before = own.ClientWith(token: oldToken))
        {
            await before.GetOperationAsync((await before.CancelAsync(run)).Name);
        }

        var newToken = own.Tokens.RotateToNewKey("ci-bot");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        using var stale = own.ClientWith(token: oldToken);
        Assert.Equal(StatusCode.Unauthenticated, (await GatewayClient.FailureOf(() => stale.CancelAsync(own.AddRun()))).StatusCode);
        using var fresh = own.ClientWith(token: newToken);
        Assert.Equal("ci-bot", (await fresh.CancelAsync(own.AddRun())).Metadata.Unpack<CancelOperationMetadata>().RequestedBy);
        own.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Health_WithoutCredentials_IsServing()
    {
        using var client = fixture.ClientWith();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await client.CheckHealthAsync()).Status);
    }

    [Fact]
    public async Task Reflection_IsOpenToAuthenticatedCallersOnly()
    {
        using var anonymous = fixture.ClientWith();
        using var authenticated = fixture.ClientWith(token: fixture.Tokens.For("auditor"));

        var refused = await GatewayClient.FailureOf(() => ListServicesAsync(anonymous));
        var services = await ListServicesAsync(authenticated);

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("cancelgateway.v1.PipelineControl", services);
    }

    private static async Task<IReadOnlyList<string>> ListServicesAsync(GatewayClient client)
    {
        var reflection = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(client.Channel);
        using var call = reflection.ServerReflectionInfo(deadline: TimeProvider.System.GetUtcNow().UtcDateTime + GatewayClient.CallTimeout);
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1.ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return [.. call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name)];
    }
}
