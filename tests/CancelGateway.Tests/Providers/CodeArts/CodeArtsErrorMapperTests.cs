using System.Net;
using System.Text;
using Grpc.Core;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Providers.Http;
using Xunit;

namespace CancelGateway.Tests.Providers.CodeArts;

/// <summary>The mapping table from Huawei's answers to gRPC codes, on synthetic responses.</summary>
public sealed class CodeArtsErrorMapperTests
{
    [Theory]
    [InlineData(401, "APIG.0301", StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", false)]
    [InlineData(401, "APIG.0307", StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", false)]
    [InlineData(401, null, StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", false)]
    [InlineData(401, "APIG.0303", StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", false)]
    [InlineData(400, "DEVPIPE.00011001", StatusCode.InvalidArgument, "PROVIDER_INVALID_ARGUMENT", false)]
    [InlineData(403, "DEVPIPE.00011106", StatusCode.PermissionDenied, "PROVIDER_PERMISSION_DENIED", false)]
    [InlineData(404, "DEVPIPE.00011105", StatusCode.NotFound, "RUN_NOT_FOUND", false)]
    [InlineData(404, "APIG.0101", StatusCode.Internal, "PROVIDER_API_NOT_FOUND", false)]
    [InlineData(409, null, StatusCode.Aborted, "PROVIDER_CONFLICT", false)]
    [InlineData(429, "APIG.0308", StatusCode.ResourceExhausted, "PROVIDER_RATE_LIMITED", true)]
    [InlineData(500, "DEVPIPE.00010500", StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true)]
    [InlineData(502, "APIG.0202", StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true)]
    [InlineData(503, null, StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true)]
    [InlineData(504, "APIG.0203", StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true)]
    [InlineData(418, null, StatusCode.Unknown, "PROVIDER_ERROR", false)]
    public void ToException_Answer_MapsToCodeReasonAndTransience(int http, string? code, StatusCode expectedCode, string expectedReason, bool transient)
    {
        var body = code is null ? "<html>proxy error</html>" : $$"""{"error_code":"{{code}}","error_msg":"some message","request_id":"body-id"}""";
        using var response = Response(http, body, requestId: "header-id");

        var error = CodeArtsErrorMapper.ReadError(response, body, TimeProvider.System);
        var ex = CodeArtsErrorMapper.ToException(error, "stopping codearts/regions/cn-north-4/projects/p/pipelines/q/runs/r", CodeArtsAuthMode.AkSk);

        Assert.Equal((expectedCode, expectedReason, transient, http), (ex.Code, ex.Reason, ex.IsTransient, ex.HttpStatus));
        Assert.Equal(code, ex.ProviderCode);
        Assert.Equal("header-id", ex.RequestId);
        Assert.Contains("codearts/regions/cn-north-4/projects/p/pipelines/q/runs/r", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadError_NoRequestIdHeader_TakesTheBodys()
    {
        const string Body = """{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"4c3b2a1f"}""";
        using var response = Response(401, Body);

        var error = CodeArtsErrorMapper.ReadError(response, Body, TimeProvider.System);

        Assert.Equal(("APIG.0301", "4c3b2a1f"), (error.ErrorCode, error.RequestId));
        Assert.StartsWith("Incorrect IAM authentication information", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadError_IamKeystoneBody_TitleAndMessage()
    {
        const string Body = """{"error":{"code":401,"title":"Unauthorized","message":"The username or password is wrong."}}""";
        using var response = Response(401, Body);

        var error = CodeArtsErrorMapper.ReadError(response, Body, TimeProvider.System);
        var ex = CodeArtsErrorMapper.FromIamError(error, "obtaining an IAM token for project cn-north-4");

        Assert.Equal(("Unauthorized", "The username or password is wrong."), (error.ErrorCode, error.Message));
        Assert.Equal((StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", false), (ex.Code, ex.Reason, ex.IsTransient));
        Assert.Contains("a gateway configuration problem", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, StatusCode.ResourceExhausted, "PROVIDER_RATE_LIMITED")]
    [InlineData(503, StatusCode.Unavailable, "PROVIDER_UNAVAILABLE")]
    public void FromIamError_ThrottledOrDown_Transient(int http, StatusCode expected, string reason)
    {
        using var response = Response(http, string.Empty);

        var ex = CodeArtsErrorMapper.FromIamError(CodeArtsErrorMapper.ReadError(response, string.Empty, TimeProvider.System), "obtaining an IAM token");

        Assert.Equal((expected, reason, true), (ex.Code, ex.Reason, ex.IsTransient));
    }

    [Fact]
    public void ReadError_RetryAfterDate_WaitFromTheClock()
    {
        var clock = new FakeTimeProvider();
        using var response = Response(429, "{}");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(clock.GetUtcNow() + TimeSpan.FromSeconds(7));

        var error = CodeArtsErrorMapper.ReadError(response, "{}", clock);

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public void Sanitize_EchoedCredentials_Redacted()
    {
        const string Secret = "MySecretKey-123456";
        var token = "MIIT" + new string('A', 64);
        var message = $"bad request: sk={Secret} token {token} Authorization: SDK-HMAC-SHA256 Access=AK, Signature=abcdef0123456789 X-Auth-Token: opaque-token-value \"password\":\"hunter2hunter2\"\n next line";

        var clean = new ProviderSecrets([Secret]).Clean(message);

        Assert.DoesNotContain(Secret, clean, StringComparison.Ordinal);
        Assert.DoesNotContain(token, clean, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdef0123456789", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("opaque-token-value", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2hunter2", clean, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', clean);
    }

    [Fact]
    public void Sanitize_LongMessage_Bounded()
    {
        var clean = CodeArtsErrorMapper.Sanitize(new string('x', 5000));

        Assert.True(clean.Length <= 513, $"{clean.Length} characters");
    }

    [Theory]
    [InlineData("RUNNING", CancelGateway.V1.RunState.Running)]
    [InlineData("COMPLETED", CancelGateway.V1.RunState.Succeeded)]
    [InlineData("FAILED", CancelGateway.V1.RunState.Failed)]
    [InlineData("CANCELED", CancelGateway.V1.RunState.Cancelled)]
    [InlineData("PAUSED", CancelGateway.V1.RunState.Paused)]
    [InlineData("SUSPEND", CancelGateway.V1.RunState.Paused)]
    [InlineData("IGNORED", CancelGateway.V1.RunState.OtherTerminal)]
    [InlineData("completed", CancelGateway.V1.RunState.Succeeded)]
    [InlineData("QUEUING_SOMEDAY", CancelGateway.V1.RunState.Unspecified)]
    [InlineData(null, CancelGateway.V1.RunState.Unspecified)]
    public void ToRunState_Status_Normalized(string? status, CancelGateway.V1.RunState expected) =>
        Assert.Equal(expected, CodeArtsRunStatuses.ToRunState(status));

    [Theory]
    [InlineData("APIG.0301", 20, true, "PROVIDER_CLOCK_SKEW")]
    [InlineData("APIG.0301", -20, true, "PROVIDER_CLOCK_SKEW")]
    [InlineData("APIG.0303", 20, true, "PROVIDER_CLOCK_SKEW")]
    [InlineData("APIG.0301", 10, true, "PROVIDER_AUTHENTICATION_FAILED")]
    [InlineData("APIG.0303", 0, true, "PROVIDER_AUTHENTICATION_FAILED")]
    [InlineData("APIG.0301", 20, false, "PROVIDER_AUTHENTICATION_FAILED")]
    public void ToException_RefusedWithTheServersDate_ClockSkewOnlyForAkSkWhenTheClocksDifferByMoreThan15Minutes(string code, int gatewayAheadMinutes, bool akSk, string expectedReason)
    {
        var server = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var body = $$"""{"error_code":"{{code}}","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"r"}""";
        using var response = Response(401, body);
        response.Headers.Date = server;

        var error = CodeArtsErrorMapper.ReadError(response, body, new FakeTimeProvider(server.AddMinutes(gatewayAheadMinutes)));
        var ex = CodeArtsErrorMapper.ToException(error, "reading a run", akSk ? CodeArtsAuthMode.AkSk : CodeArtsAuthMode.Token);

        Assert.Equal((StatusCode.Internal, expectedReason, false, code), (ex.Code, ex.Reason, ex.IsTransient, ex.ProviderCode));
        if (expectedReason == "PROVIDER_CLOCK_SKEW")
        {
            Assert.Contains("2026-06-01T12:00:00Z", ex.Message, StringComparison.Ordinal);
            Assert.Contains($"{server.AddMinutes(gatewayAheadMinutes).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}", ex.Message, StringComparison.Ordinal);
            Assert.Contains(gatewayAheadMinutes > 0 ? "20 minutes ahead of" : "20 minutes behind", ex.Message, StringComparison.Ordinal);
        }
    }

    private static HttpResponseMessage Response(int status, string body, string? requestId = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (requestId is not null)
        {
            response.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
        }

        return response;
    }
}
