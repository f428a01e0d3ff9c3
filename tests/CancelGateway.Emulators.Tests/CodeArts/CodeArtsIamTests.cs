using System.Globalization;
using System.Net;
using CancelGateway.Emulators.Tests.Support;
using Xunit;

namespace CancelGateway.Emulators.Tests.CodeArts;

/// <summary>IAM's POST /v3/auth/tokens with password authentication.</summary>
public sealed class CodeArtsIamTests : CodeArtsTestBase
{
    [Fact]
    public async Task Token_RightPassword_201SubjectTokenAndExpiryIn24Hours()
    {
        using var response = await RequestTokenAsync();
        var body = await ApiResponse.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Created, body.Status);
        var token = Assert.Single(response.Headers.GetValues("X-Subject-Token"));
        Assert.StartsWith("MII", token, StringComparison.Ordinal);
        var json = body.Json.GetProperty("token");
        var expires = DateTimeOffset.Parse(json.GetProperty("expires_at").GetString()!, CultureInfo.InvariantCulture);
        // IAM's format has microseconds; the clock has ticks.
        Assert.InRange((Clock.GetUtcNow() + TimeSpan.FromHours(24) - expires).Duration(), TimeSpan.Zero, TimeSpan.FromMicroseconds(1));
        Assert.Equal("password", json.GetProperty("methods")[0].GetString());
        Assert.Equal(Emulator.Region, json.GetProperty("project").GetProperty("name").GetString());
        Assert.Equal(Emulator.UserName, json.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal(Emulator.DomainName, json.GetProperty("user").GetProperty("domain").GetProperty("name").GetString());
        Assert.DoesNotContain(Emulator.Password, body.Json.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(1, Emulator.TokensIssued);
    }

    [Fact]
    public async Task Token_WrongPassword_401KeystoneErrorWithoutThePassword()
    {
        const string Wrong = "Not-The-Password-123";

        using var response = await RequestTokenAsync(password: Wrong);
        var body = await ApiResponse.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, body.Status);
        Assert.False(response.Headers.Contains("X-Subject-Token"));
        var error = body.Json.GetProperty("error");
        Assert.Equal(401, error.GetProperty("code").GetInt32());
        Assert.Equal("Unauthorized", error.GetProperty("title").GetString());
        Assert.Equal("The username or password is wrong.", error.GetProperty("message").GetString());
        Assert.DoesNotContain(Logs.Entries, l => l.Message.Contains(Wrong, StringComparison.Ordinal) || l.Message.Contains(Emulator.Password, StringComparison.Ordinal));
        Assert.Equal((1, 0), (Emulator.TokenRequests, Emulator.TokensIssued));
    }

    [Fact]
    public async Task Token_UnknownUser_401()
    {
        using var response = await RequestTokenAsync(user: "somebody-else");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_ScopedToAnotherRegion_400()
    {
        using var response = await RequestTokenAsync(project: "ap-southeast-1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"auth":{"identity":{"methods":["token"]}}}""")]
    [InlineData("""{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"gateway-bot"}}}}}""")]
    public async Task Token_MalformedBody_400(string requestBody)
    {
        using var response = await PostJsonAsync("v3/auth/tokens", requestBody);
        var body = await ApiResponse.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, body.Status);
        Assert.Equal("Bad Request", body.Json.GetProperty("error").GetProperty("title").GetString());
    }
}
