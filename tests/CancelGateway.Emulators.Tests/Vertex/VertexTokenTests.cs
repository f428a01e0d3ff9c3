using System.Net;
using System.Text.Json.Nodes;
using CancelGateway.Emulators.Tests.Support;
using Xunit;

namespace CancelGateway.Emulators.Tests.Vertex;

public sealed class VertexTokenTests : VertexTestBase
{
    public static TheoryData<string, string> BrokenAssertions => new()
    {
        { "tampered-payload", "invalid_grant" },
        { "tampered-signature", "invalid_grant" },
        { "wrong-audience", "invalid_grant" },
        { "wrong-issuer", "invalid_grant" },
        { "wrong-kid", "invalid_grant" },
        { "alg-none", "invalid_grant" },
        { "expired", "invalid_grant" },
        { "longer-than-an-hour", "invalid_grant" },
        { "issued-in-the-future", "invalid_grant" },
        { "no-iat", "invalid_grant" },
        { "no-scope", "invalid_scope" },
        { "other-subject", "unauthorized_client" },
        { "not-a-jwt", "invalid_grant" },
    };

    [Fact]
    public async Task Token_ValidAssertion_BearerTokenForAnHour()
    {
        var assertion = JwtAssertions.Create(Emulator.ServiceAccountKeyJson, Clock.GetUtcNow());

        using var response = await Http.PostAsync(new Uri("token", UriKind.Relative), JwtAssertions.Grant(assertion)).WaitAsync(Timeouts.Default);
        var token = await ApiResponse.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.StartsWith("ya29.", token.Json.GetProperty("access_token").GetString(), StringComparison.Ordinal);
        Assert.Equal(3599, token.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", token.Json.GetProperty("token_type").GetString());
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.DoesNotContain(Logs.Entries, l => l.Message.Contains(token.Json.GetProperty("access_token").GetString()!, StringComparison.Ordinal));
        Assert.DoesNotContain(Logs.Entries, l => l.Message.Contains(assertion, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_AudienceAsArray_Accepted()
    {
        var assertion = JwtAssertions.Create(Emulator.ServiceAccountKeyJson, Clock.GetUtcNow(),
            claims => claims["aud"] = new JsonArray("https://example.com/", $"{Emulator.BaseAddress}token"));

        var token = await PostGrantAsync(assertion);

        Assert.Equal(HttpStatusCode.OK, token.Status);
    }

    [Theory]
    [MemberData(nameof(BrokenAssertions))]
    public async Task Token_BrokenAssertion_400WithOAuthError(string breakage, string error)
    {
        var now = Clock.GetUtcNow();
        var key = Emulator.ServiceAccountKeyJson;
        var assertion = breakage switch
        {
            "tampered-payload" => Tamper(JwtAssertions.Create(key, now), part: 1),
            "tampered-signature" => Tamper(JwtAssertions.Create(key, now), part: 2),
            "wrong-audience" => JwtAssertions.Create(key, now, c => c["aud"] = "https://example.com/token"),
            "wrong-issuer" => JwtAssertions.Create(key, now, c => c["iss"] = "someone@demo-project.iam.gserviceaccount.com"),
            "wrong-kid" => JwtAssertions.Create(key, now, editHeader: h => h["kid"] = "0123456789abcdef0123456789abcdef01234567"),
            "alg-none" => JwtAssertions.Create(key, now, editHeader: h => h["alg"] = "none"),
            "expired" => JwtAssertions.Create(key, now - TimeSpan.FromHours(2)),
            "longer-than-an-hour" => JwtAssertions.Create(key, now, c => c["exp"] = now.ToUnixTimeSeconds() + 3601),
            "issued-in-the-future" => JwtAssertions.Create(key, now + TimeSpan.FromMinutes(6)),
            "no-iat" => JwtAssertions.Create(key, now, c => c.Remove("iat")),
            "no-scope" => JwtAssertions.Create(key, now, scope: ""),
            "other-subject" => JwtAssertions.Create(key, now, c => c["sub"] = "user@example.com"),
            _ => "not-a-jwt",
        };

        var response = await PostGrantAsync(assertion);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(error, response.Json.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("error_description").GetString()));
        Assert.Equal(1, Emulator.TokenRequests);
    }

    [Fact]
    public async Task Token_GoogleCanonicalAudience_Accepted()
    {
        var assertion = JwtAssertions.Create(Emulator.ServiceAccountKeyJson, Clock.GetUtcNow(), c => c["aud"] = "https://oauth2.googleapis.com/token");

        var token = await PostGrantAsync(assertion);

        Assert.Equal(HttpStatusCode.OK, token.Status);
    }

    [Fact]
    public async Task Token_IssuedFourMinutesAhead_AcceptedAsClockSkew()
    {
        var response = await PostGrantAsync(JwtAssertions.Create(Emulator.ServiceAccountKeyJson, Clock.GetUtcNow() + TimeSpan.FromMinutes(4)));

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Token_OtherGrantType_400UnsupportedGrantType()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        using var http = await Http.PostAsync(new Uri("token", UriKind.Relative), form).WaitAsync(Timeouts.Default);
        var response = await ApiResponse.ReadAsync(http);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("unsupported_grant_type", response.Json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Get_NoBearer_401CredentialsMissing()
    {
        Emulator.AddRun(Job1);

        var response = await SendAsync(HttpMethod.Get, $"v1/{Job1}", authenticate: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.ErrorStatus);
        Assert.Equal("CREDENTIALS_MISSING", response.ErrorReason);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_UnknownBearer_401AndNoEffect()
    {
        Emulator.AddRun(Job1);

        var response = await SendAsync(HttpMethod.Post, $"v1/{Job1}:cancel", "{}", token: "ya29.made-up");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.ErrorStatus);
        Assert.Equal(Emulators.Vertex.PipelineState.Running, Emulator.GetRun(Job1)!.State);
    }

    [Fact]
    public async Task Get_TokenAfterAnHour_401AccessTokenExpired()
    {
        Emulator.AddRun(Job1);
        Assert.Equal(HttpStatusCode.OK, (await GetJobAsync(Job1)).Status);

        Clock.Advance(TimeSpan.FromHours(1));
        var response = await GetJobAsync(Job1);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("ACCESS_TOKEN_EXPIRED", response.ErrorReason);
    }

    [Fact]
    public async Task Get_RevokedToken_401()
    {
        Emulator.AddRun(Job1);
        Assert.Equal(HttpStatusCode.OK, (await GetJobAsync(Job1)).Status);

        Emulator.RevokeTokens();

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetJobAsync(Job1)).Status);
    }

    [Fact]
    public async Task Cancel_TokenWithoutCloudPlatformScope_403InsufficientScopes()
    {
        Emulator.AddRun(Job1);
        var grant = await PostGrantAsync(JwtAssertions.Create(Emulator.ServiceAccountKeyJson, Clock.GetUtcNow(),
            scope: "https://www.googleapis.com/auth/cloud-platform.read-only"));
        var token = grant.Json.GetProperty("access_token").GetString();

        var get = await SendAsync(HttpMethod.Get, $"v1/{Job1}", token: token);
        var cancel = await SendAsync(HttpMethod.Post, $"v1/{Job1}:cancel", "{}", token: token);

        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Equal(HttpStatusCode.Forbidden, cancel.Status);
        Assert.Equal("ACCESS_TOKEN_SCOPE_INSUFFICIENT", cancel.ErrorReason);
    }

    private async Task<ApiResponse> PostGrantAsync(string assertion)
    {
        using var response = await Http.PostAsync(new Uri("token", UriKind.Relative), JwtAssertions.Grant(assertion)).WaitAsync(Timeouts.Default);
        return await ApiResponse.ReadAsync(response);
    }

    /// <summary>Flips one character in a part of the JWT, keeping it valid base64url.</summary>
    private static string Tamper(string jwt, int part)
    {
        var parts = jwt.Split('.');
        var chars = parts[part].ToCharArray();
        var i = chars.Length / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        parts[part] = new string(chars);
        return string.Join('.', parts);
    }
}
