using CancelGateway.Emulators.CodeArts;
using Grpc.Core;
using CancelGateway.Providers;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Providers.CodeArts;

/// <summary>Credentials: refused ones, a skewed clock, and the IAM token's caching, sharing and renewal.</summary>
public sealed class CodeArtsAuthTests
{
    private const string WrongSecretKey = "WrongSecretKey-Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2R";
    private const string WrongPassword = "Wrong-Passw0rd-Qq1Pp2Oo3";

    [Fact]
    public async Task RequestCancelAsync_WrongSecretKey_AuthenticationFailedWithoutTheSecret()
    {
        await using var h = await CodeArtsHarness.StartAsync(CodeArtsAuthMode.AkSk, new Dictionary<string, string?> { ["SecretKey"] = WrongSecretKey });
        var run = h.AddRun();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, CodeArtsHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal((StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", false, 401, "APIG.0301"), (ex.Code, ex.Reason, ex.IsTransient, ex.HttpStatus, ex.ProviderCode));
        Assert.Contains("gateway configuration problem", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Providers:CodeArts:AccessKey and SecretKey", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecretKey, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecretKey, h.Logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Emulator.SecretKey, h.Logs.AllText(), StringComparison.Ordinal);
        Assert.Equal(CodeArtsRunStatus.Running, h.StatusOf(run));
        Assert.Empty(h.UnexpectedErrors(2204));
    }

    [Fact]
    public async Task RequestCancelAsync_AkSk_SendsTheRunsProjectAsASignedXProjectId()
    {
        using var stub = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Json(System.Net.HttpStatusCode.OK, """{"success":true}"""));
        var (provider, services, _) = CodeArtsStubbed.Create(stub);
        await using var __ = services;
        var run = CodeArtsStubbed.Run("cn-north-4");

        await provider.RequestCancelAsync(run, CodeArtsHarness.Graceful, CancellationToken.None).Within();

        var request = Assert.Single(stub.Requests);
        Assert.Equal(run["project"], request.Headers["X-Project-Id"]);
        Assert.Matches(@"^SDK-HMAC-SHA256 Access=STUBBEDACCESSKEY0000, SignedHeaders=[a-z;-]*\bx-project-id\b[a-z;-]*, Signature=[0-9a-f]{64}$", request.Headers["Authorization"]);
        Assert.False(request.Headers.ContainsKey("X-Security-Token"));
    }

    [Fact]
    public async Task RequestCancelAsync_TemporaryKeys_SendsTheSecurityTokenSigned()
    {
        const string Token = "StubbedSecurityToken-0000000000000000000000000000000000000000000000000000000000000000000000000000000000";
        using var stub = new StubHttpMessageHandler(_ => StubHttpMessageHandler.Json(System.Net.HttpStatusCode.OK, """{"success":true}"""));
        var (provider, services, _) = CodeArtsStubbed.Create(stub, new Dictionary<string, string?> { ["SecurityToken"] = Token });
        await using var __ = services;

        await provider.RequestCancelAsync(CodeArtsStubbed.Run("cn-north-4"), CodeArtsHarness.Graceful, CancellationToken.None).Within();

        var request = Assert.Single(stub.Requests);
        Assert.Equal(Token, request.Headers["X-Security-Token"]);
        Assert.Matches(@"SignedHeaders=[a-z;-]*\bx-security-token\b", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task RequestCancelAsync_TemporaryKeysWithTheirSecurityToken_AcceptedByTheEmulator()
    {
        await using var h = await CodeArtsHarness.StartAsync(CodeArtsAuthMode.AkSk, settingsFromEmulator: emulator => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["AccessKey"] = emulator.TemporaryAccessKey,
            ["SecretKey"] = emulator.TemporarySecretKey,
            ["SecurityToken"] = emulator.SecurityToken,
        }));
        var run = h.AddRun();

        var submission = await h.Provider.RequestCancelAsync(run, CodeArtsHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(CancelSubmission.Accepted, submission);
        Assert.Equal(1, h.Emulator.AcceptedStops(run["run"]));
        Assert.DoesNotContain(h.Emulator.SecurityToken, h.Logs.AllText(), StringComparison.Ordinal);
        Assert.Empty(h.UnexpectedErrors());
    }

    [Fact]
    public async Task RequestCancelAsync_TemporaryKeysWithAWrongSecurityToken_AuthenticationFailedWithoutEitherToken()
    {
        const string Wrong = "WrongSecurityToken-111111111111111111111111111111111111111111111111111111111111111111111111111111111111";
        await using var h = await CodeArtsHarness.StartAsync(CodeArtsAuthMode.AkSk, settingsFromEmulator: emulator => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["AccessKey"] = emulator.TemporaryAccessKey,
            ["SecretKey"] = emulator.TemporarySecretKey,
            ["SecurityToken"] = Wrong,
        }));
        var run = h.AddRun();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, CodeArtsHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal((StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", 401, "APIG.0301"), (ex.Code, ex.Reason, ex.HttpStatus, ex.ProviderCode));
        var everything = ex.ToString() + h.Logs.AllText() + ProviderErrors.ToStatus(ex, run.Text).ToString();
        Assert.DoesNotContain(Wrong, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Emulator.SecurityToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Emulator.TemporarySecretKey, everything, StringComparison.Ordinal);
        Assert.Equal(CodeArtsRunStatus.Running, h.StatusOf(run));
        Assert.Empty(h.UnexpectedErrors(2204));
    }

    [Fact]
    public async Task RequestCancelAsync_WrongIamPassword_AuthenticationFailedWithoutThePassword()
    {
        await using var h = await CodeArtsHarness.StartAsync(CodeArtsAuthMode.Token, new Dictionary<string, string?> { ["Password"] = WrongPassword });
        var run = h.AddRun();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, CodeArtsHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal((StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", false, 401), (ex.Code, ex.Reason, ex.IsTransient, ex.HttpStatus));
        Assert.Contains("refused by IAM", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gateway configuration problem", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, h.Logs.AllText(), StringComparison.Ordinal);
        Assert.Equal(0, h.Emulator.StopCalls(run["run"]));
        Assert.Equal(1, h.Emulator.TokenRequests);
        Assert.Empty(h.UnexpectedErrors(2204));
    }

    [Fact]
    public async Task GetStatusAsync_WrongIamPasswordTwice_AsksIamEachTime()
    {
        // A refusal is not cached: once the password is fixed (a restart), or IAM recovers, it works.
        await using var h = await CodeArtsHarness.StartAsync(CodeArtsAuthMode.Token, new Dictionary<string, string?> { ["Password"] = WrongPassword });
        var run = h.AddRun();

        await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();
        await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal(2, h.Emulator.TokenRequests);
    }

    [Fact]
    public async Task GetStatusAsync_GatewayClockTwentyMinutesAhead_ClockSkewError()
    {
        await using var h = await CodeArtsHarness.StartAsync(CodeArtsAuthMode.AkSk, gatewayClockOffset: TimeSpan.FromMinutes(20));
        var run = h.AddRun();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        // Huawei answers a stale IAM AK/SK signature with APIG.0301, like any bad signature; the Date header tells.
        Assert.Equal((StatusCode.Internal, "PROVIDER_CLOCK_SKEW", false, "APIG.0301"), (ex.Code, ex.Reason, ex.IsTransient, ex.ProviderCode));
        Assert.Contains("is 20 minutes ahead of Huawei Cloud's (Date: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{h.GatewayClock.GetUtcNow().UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 2205);
    }

    [Fact]
    public async Task GetStatusAsync_GatewayClockTenMinutesBehind_Accepted()
    {
        await using var h = await CodeArtsHarness.StartAsync(CodeArtsAuthMode.AkSk, gatewayClockOffset: TimeSpan.FromMinutes(-10));
        var run = h.AddRun();

        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal("RUNNING", status.ProviderState);
    }

    [Fact]
    public async Task GetStatusAsync_ManyCalls_OneIamTokenReused()
    {
        await using var h = await CodeArtsHarness.StartAsync(CodeArtsAuthMode.Token);
        var run = h.AddRun();

        for (var i = 0; i < 5; i++)
        {
            await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        }

        Assert.Equal(1, h.Emulator.TokenRequests);
        Assert.Equal(5, h.Emulator.DetailCalls(run["run"]));
        Assert.Single(h.Logs.Entries, e => e.EventId.Id == 2206);
    }

    [Fact]
    public async Task GetStatusAsync_ConcurrentCallsWithoutAToken_IamAskedOnce()
    {
        await using var h = await CodeArtsHarness.StartAsync(CodeArtsAuthMode.Token);
        var runs = Enumerable.Range(0, 20).Select(_ => h.AddRun()).ToList();

        await Task.WhenAll(runs.Select(run => h.Provider.GetStatusAsync(run, CancellationToken.None))).Within();

        Assert.Equal(1, h.Emulator.TokenRequests);
        Assert.Equal(20, h.Emulator.DetailCallsTotal);
    }

    [Fact]
    public async Task GetStatusAsync_TokenNearExpiry_RenewedBeforeItExpires()
    {
        // IAM tokens live 24 h; the adapter renews 15 min (TokenRefreshMargin) before, on the fake clock.
        await using var h = await CodeArtsHarness.StartAsync(CodeArtsAuthMode.Token);
        var run = h.AddRun();
        await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        h.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        var beforeMargin = h.Emulator.TokenRequests;

        h.Advance(TimeSpan.FromSeconds(2));
        await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal(1, beforeMargin);
        Assert.Equal(2, h.Emulator.TokenRequests);
        Assert.Equal(3, h.Emulator.DetailCalls(run["run"]));
        Assert.Empty(h.UnexpectedErrors());
    }

    [Fact]
    public async Task GetStatusAsync_TokenRevoked_FailsOnceThenANewTokenIsObtained()
    {
        await using var h = await CodeArtsHarness.StartAsync(CodeArtsAuthMode.Token);
        var run = h.AddRun();
        await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();
        h.Emulator.RevokeTokens();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();
        var status = await h.Provider.GetStatusAsync(run, CancellationToken.None).Within();

        Assert.Equal((StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", "APIG.0301"), (ex.Code, ex.Reason, ex.ProviderCode));
        Assert.Equal("RUNNING", status.ProviderState);
        Assert.Equal(2, h.Emulator.TokenRequests);
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 2207);
    }

    [Fact]
    public async Task RequestCancelAsync_ConfiguredToken_UsedAsIsWithoutAskingIam()
    {
        string? token = null;
        await using var h = await CodeArtsHarness.StartAsync(
            CodeArtsAuthMode.Token,
            settingsFromEmulator: async emulator =>
            {
                token = await IssueTokenAsync(emulator);
                return new Dictionary<string, string?> { ["UserName"] = null, ["Password"] = null, ["DomainName"] = null, ["Token"] = token };
            });
        var run = h.AddRun();

        var submission = await h.Provider.RequestCancelAsync(run, CodeArtsHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(CancelSubmission.Accepted, submission);
        Assert.Equal(1, h.Emulator.TokenRequests); // the test's own, before the adapter started
        Assert.DoesNotContain(token!, h.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestCancelAsync_ConfiguredTokenRevoked_AuthenticationFailedWithoutTheToken()
    {
        string? token = null;
        await using var h = await CodeArtsHarness.StartAsync(
            CodeArtsAuthMode.Token,
            settingsFromEmulator: async emulator =>
            {
                token = await IssueTokenAsync(emulator);
                return new Dictionary<string, string?> { ["UserName"] = null, ["Password"] = null, ["DomainName"] = null, ["Token"] = token };
            });
        var run = h.AddRun();
        h.Emulator.RevokeTokens();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, CodeArtsHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(("PROVIDER_AUTHENTICATION_FAILED", "APIG.0301"), (ex.Reason, ex.ProviderCode));
        Assert.Contains("Providers:CodeArts:UserName, Password and DomainName, or Token", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token!, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token!, h.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_IamUnavailable_TransientUnavailable()
    {
        await using var h = await CodeArtsHarness.StartAsync(CodeArtsAuthMode.Token);
        var run = h.AddRun();
        h.Emulator.Faults.ApplyToTokenEndpoint = true;
        h.Emulator.Faults.FailureRate = 1;
        h.Emulator.Faults.ThrottleShare = 0;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.GetStatusAsync(run, CancellationToken.None)).Within();

        Assert.Equal((StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true, 503), (ex.Code, ex.Reason, ex.IsTransient, ex.HttpStatus));
        Assert.Contains("IAM", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Emulator.DetailCalls(run["run"]));
    }

    /// <summary>A token from the emulator's IAM endpoint, asked for the way a person would with curl.</summary>
    private static async Task<string> IssueTokenAsync(CodeArtsEmulator emulator)
    {
        using var http = new HttpClient { BaseAddress = emulator.IamEndpoint, Timeout = TestTimeouts.Default };
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            auth = new
            {
                identity = new { methods = new[] { "password" }, password = new { user = new { name = emulator.UserName, password = emulator.Password, domain = new { name = emulator.DomainName } } } },
                scope = new { project = new { name = emulator.Region } },
            },
        });
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("v3/auth/tokens", UriKind.Relative), content).Within();
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return response.Headers.GetValues("X-Subject-Token").Single();
    }
}
