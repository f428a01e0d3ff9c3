using System.Net;
using Xunit;

namespace CancelGateway.Emulators.Tests.CodeArts;

/// <summary>API Gateway's checks in front of every /v5 call: IAM tokens and SDK-HMAC-SHA256 signatures.</summary>
public sealed class CodeArtsAuthTests : CodeArtsTestBase
{
    [Fact]
    public async Task Signed_ValidSignature_200()
    {
        var run = AddRun();

        var detail = await SendSignedAsync(HttpMethod.Get, DetailPath(run.RunId));
        var stop = await SendSignedAsync(HttpMethod.Post, StopPath(run.RunId));

        Assert.Equal(HttpStatusCode.OK, detail.Status);
        Assert.Equal(HttpStatusCode.OK, stop.Status);
        Assert.Equal(0, Emulator.TokenRequests);
    }

    [Fact]
    public async Task Signed_WrongSecretKey_401Apig0301WithoutTheKeys()
    {
        const string Wrong = "NotTheSecretKeyAtAll000000000000000000000";
        var run = AddRun();

        var stop = await SendSignedAsync(HttpMethod.Post, StopPath(run.RunId), secretKey: Wrong);

        Assert.Equal((HttpStatusCode.Unauthorized, "APIG.0301"), (stop.Status, ErrorCode(stop)));
        var message = stop.Json.GetProperty("error_msg").GetString()!;
        Assert.StartsWith("Incorrect IAM authentication information: verify aksk signature fail", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, message, StringComparison.Ordinal);
        Assert.DoesNotContain(Emulator.SecretKey, message, StringComparison.Ordinal);
        Assert.Equal(RequestIdHeader(stop), stop.Json.GetProperty("request_id").GetString());
        Assert.Null(Emulator.GetRun(run.RunId)!.StopRequestedAt);
        Assert.DoesNotContain(Logs.Entries, l => l.Message.Contains(Emulator.SecretKey, StringComparison.Ordinal) || l.Message.Contains(Wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signed_TemporaryKeyWithItsSignedSecurityToken_200()
    {
        var run = AddRun();

        var stop = await SendSignedAsync(HttpMethod.Post, StopPath(run.RunId), accessKey: Emulator.TemporaryAccessKey, secretKey: Emulator.TemporarySecretKey, securityToken: Emulator.SecurityToken);

        Assert.Equal(HttpStatusCode.OK, stop.Status);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("wrong")]
    [InlineData("unsigned")]
    public async Task Signed_TemporaryKeyWithoutItsSignedSecurityToken_401Apig0301WithoutTheToken(string how)
    {
        const string Wrong = "NotTheSecurityTokenOfTheTemporaryKey000000000000000000000000000000000000000000000000000000000000000000000";
        var run = AddRun();

        var stop = how switch
        {
            "none" => await SendSignedAsync(HttpMethod.Post, StopPath(run.RunId), accessKey: Emulator.TemporaryAccessKey, secretKey: Emulator.TemporarySecretKey),
            "wrong" => await SendSignedAsync(HttpMethod.Post, StopPath(run.RunId), accessKey: Emulator.TemporaryAccessKey, secretKey: Emulator.TemporarySecretKey, securityToken: Wrong),
            _ => await SendSignedAsync(HttpMethod.Post, StopPath(run.RunId), accessKey: Emulator.TemporaryAccessKey, secretKey: Emulator.TemporarySecretKey, tamper: r => r.Headers.TryAddWithoutValidation("X-Security-Token", Emulator.SecurityToken)),
        };

        Assert.Equal((HttpStatusCode.Unauthorized, "APIG.0301"), (stop.Status, ErrorCode(stop)));
        var message = stop.Json.GetProperty("error_msg").GetString()!;
        Assert.Contains("security token", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Emulator.SecurityToken, message, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, message, StringComparison.Ordinal);
        Assert.Null(Emulator.GetRun(run.RunId)!.StopRequestedAt);
        Assert.DoesNotContain(Logs.Entries, l => l.Message.Contains(Emulator.SecurityToken, StringComparison.Ordinal) || l.Message.Contains(Wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signed_UnknownAccessKey_401Apig0301()
    {
        var run = AddRun();

        var detail = await SendSignedAsync(HttpMethod.Get, DetailPath(run.RunId), accessKey: "UNKNOWNACCESSKEY0001");

        Assert.Equal((HttpStatusCode.Unauthorized, "APIG.0301"), (detail.Status, ErrorCode(detail)));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(-16)]
    public async Task Signed_DateMoreThanFifteenMinutesOff_401Apig0301WithTheServersDate(int minutes)
    {
        var run = AddRun();
        Clock.Advance(TimeSpan.FromHours(3)); // far from the machine's clock, so the Date header can only be the emulator's

        var detail = await SendSignedAsync(HttpMethod.Get, DetailPath(run.RunId), at: Clock.GetUtcNow().AddMinutes(minutes));

        Assert.Equal((HttpStatusCode.Unauthorized, "APIG.0301"), (detail.Status, ErrorCode(detail)));
        Assert.StartsWith("Incorrect IAM authentication information", detail.Json.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
        var date = Assert.IsType<DateTimeOffset>(detail.Headers.Date);
        Assert.True((date - Clock.GetUtcNow()).Duration() < TimeSpan.FromSeconds(2), $"Date {date:O}, emulator clock {Clock.GetUtcNow():O}");
    }

    [Fact]
    public async Task Signed_DateFourteenMinutesOff_200()
    {
        var run = AddRun();

        var detail = await SendSignedAsync(HttpMethod.Get, DetailPath(run.RunId), at: Clock.GetUtcNow().AddMinutes(-14));

        Assert.Equal(HttpStatusCode.OK, detail.Status);
    }

    [Fact]
    public async Task Signed_QueryChangedAfterSigning_401()
    {
        var run = AddRun();
        var other = AddRun();

        var detail = await SendSignedAsync(HttpMethod.Get, DetailPath(run.RunId), tamper: r => r.RequestUri = new Uri(Emulator.BaseAddress, DetailPath(other.RunId)));

        Assert.Equal((HttpStatusCode.Unauthorized, "APIG.0301"), (detail.Status, ErrorCode(detail)));
    }

    [Fact]
    public async Task Signed_BodyAddedAfterSigning_401()
    {
        var run = AddRun();

        var stop = await SendSignedAsync(HttpMethod.Post, StopPath(run.RunId), tamper: r => r.Content = new StringContent("{\"x\":1}"));

        Assert.Equal((HttpStatusCode.Unauthorized, "APIG.0301"), (stop.Status, ErrorCode(stop)));
        Assert.Null(Emulator.GetRun(run.RunId)!.StopRequestedAt);
    }

    [Fact]
    public async Task Signed_MalformedAuthorization_401()
    {
        var run = AddRun();

        var detail = await SendSignedAsync(HttpMethod.Get, DetailPath(run.RunId), tamper: r =>
        {
            r.Headers.Remove("Authorization");
            r.Headers.TryAddWithoutValidation("Authorization", "SDK-HMAC-SHA256 Access=DEMOAKCODEARTS000001");
        });

        Assert.Equal((HttpStatusCode.Unauthorized, "APIG.0301"), (detail.Status, ErrorCode(detail)));
    }

    [Fact]
    public async Task Call_NoCredentials_401Apig0301()
    {
        var run = AddRun();

        using var response = await Http.GetAsync(new Uri(DetailPath(run.RunId), UriKind.Relative)).WaitAsync(Support.Timeouts.Default);
        var body = await Support.ApiResponse.ReadAsync(response);

        Assert.Equal((HttpStatusCode.Unauthorized, "APIG.0301"), (body.Status, ErrorCode(body)));
    }

    [Fact]
    public async Task Token_UnknownToken_401Apig0301()
    {
        var run = AddRun();

        var detail = await SendWithTokenAsync(HttpMethod.Get, DetailPath(run.RunId), token: "MIITnot-a-token");

        Assert.Equal((HttpStatusCode.Unauthorized, "APIG.0301"), (detail.Status, ErrorCode(detail)));
    }

    [Fact]
    public async Task Token_AfterTwentyFourHours_401Apig0307()
    {
        var run = AddRun();
        var token = await GetTokenAsync();

        Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var stillValid = await SendWithTokenAsync(HttpMethod.Get, DetailPath(run.RunId), token);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await SendWithTokenAsync(HttpMethod.Get, DetailPath(run.RunId), token);

        Assert.Equal(HttpStatusCode.OK, stillValid.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "APIG.0307"), (expired.Status, ErrorCode(expired)));
    }

    [Fact]
    public async Task Token_Revoked_401()
    {
        var run = AddRun();
        var token = await GetTokenAsync();
        Emulator.RevokeTokens();

        var detail = await SendWithTokenAsync(HttpMethod.Get, DetailPath(run.RunId), token);

        Assert.Equal((HttpStatusCode.Unauthorized, "APIG.0301"), (detail.Status, ErrorCode(detail)));
    }
}
