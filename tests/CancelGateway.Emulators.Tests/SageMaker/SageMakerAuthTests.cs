using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CancelGateway.Emulators.SageMaker;
using CancelGateway.Emulators.SageMaker.Auth;
using CancelGateway.Emulators.Tests.Support;
using Xunit;

namespace CancelGateway.Emulators.Tests.SageMaker;

public sealed class SageMakerAuthTests : SageMakerTestBase
{
    [Fact]
    public void Signature_AwsPublishedExample_Matches()
    {
        // The worked example of AWS's SigV4 documentation (IAM ListUsers, 2015-08-30).
        var canonical = SigV4.CanonicalRequest(
            "GET",
            "/",
            SigV4.CanonicalQuery("Version=2010-05-08&Action=ListUsers"),
            [("content-type", "application/x-www-form-urlencoded; charset=utf-8"), ("host", "iam.amazonaws.com"), ("x-amz-date", "20150830T123600Z")],
            SigV4.PayloadHash([]));
        var toSign = SigV4.StringToSign("20150830T123600Z", "20150830/us-east-1/iam/aws4_request", canonical);

        var signature = SigV4.Signature(SigV4.SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam"), toSign);

        Assert.EndsWith("\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59", toSign, StringComparison.Ordinal);
        Assert.Equal("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", signature);
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/a%20b/c", "/a%2520b/c")]
    public void CanonicalUri_NonS3Service_EncodedTwiceKeepingSlashes(string rawPath, string expected) =>
        Assert.Equal(expected, SigV4.CanonicalUri(rawPath));

    [Fact]
    public async Task Call_NoAuthorization_403MissingAuthenticationToken()
    {
        Emulator.AddExecution(Execution1);

        var response = await CallAsync("DescribePipelineExecution", new { PipelineExecutionArn = Execution1 }, tamper: r => r.Headers.Authorization = null);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("MissingAuthenticationTokenException", response.ErrorType);
    }

    [Fact]
    public async Task Call_WrongSecret_403InvalidSignatureException()
    {
        Emulator.AddExecution(Execution1).WithStep("train");

        var response = await CallAsync("StopPipelineExecution", new { PipelineExecutionArn = Execution1, ClientRequestToken = Token1 }, secretAccessKey: "not-the-secret-not-the-secret-not-the-se");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorType);
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", response.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Emulator.SecretAccessKey, response.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, Emulator.AcceptedStops(Execution1));
    }

    [Fact]
    public async Task Call_BodyChangedAfterSigning_403InvalidSignatureException()
    {
        Emulator.AddExecution(Execution1).WithStep("train");

        var response = await CallAsync(
            "StopPipelineExecution",
            new { PipelineExecutionArn = Execution1, ClientRequestToken = Token1 },
            tamper: r =>
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"PipelineExecutionArn":"{{Execution1}}","ClientRequestToken":"{{Token2}}"}"""));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
                r.Content = content;
            });

        Assert.Equal("InvalidSignatureException", response.ErrorType);
        Assert.Equal(SageMakerExecutionStatus.Executing, Emulator.GetExecution(Execution1)!.Status);
    }

    [Fact]
    public async Task Call_UnknownAccessKey_403UnrecognizedClientException()
    {
        var response = await CallAsync("DescribePipelineExecution", new { PipelineExecutionArn = Execution1 }, accessKeyId: "AKIAUNKNOWNKEY000000");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("UnrecognizedClientException", response.ErrorType);
        Assert.Equal("The security token included in the request is invalid.", response.ErrorMessage);
    }

    [Fact]
    public async Task Call_SignedSixMinutesAgo_403SignatureExpired()
    {
        var now = Clock.GetUtcNow();

        var response = await CallAsync("DescribePipelineExecution", new { PipelineExecutionArn = Execution1 }, signedAt: now.AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorType);
        Assert.StartsWith("Signature expired: ", response.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(SageMakerFormat(now), response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_SignedSixMinutesAhead_403SignatureNotYetCurrent()
    {
        var response = await CallAsync("DescribePipelineExecution", new { PipelineExecutionArn = Execution1 }, signedAt: Clock.GetUtcNow().AddMinutes(6));

        Assert.Equal("InvalidSignatureException", response.ErrorType);
        Assert.StartsWith("Signature not yet current: ", response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_SignedFourMinutesAgo_Accepted()
    {
        Emulator.AddExecution(Execution1);

        var response = await CallAsync("DescribePipelineExecution", new { PipelineExecutionArn = Execution1 }, signedAt: Clock.GetUtcNow().AddMinutes(-4));

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Call_ScopedToAnotherService_403InvalidSignature()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Emulator.BaseAddress) { Content = new ByteArrayContent(Utf8("{}")) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker.DescribePipelineExecution");
        SigV4TestSigner.Sign(request, Utf8("{}"), Emulator.AccessKeyId, Emulator.SecretAccessKey, Region, Clock.GetUtcNow(), service: "s3");

        using var raw = await Http.SendAsync(request).WaitAsync(Timeouts.Default);
        var response = await AwsResponse.ReadAsync(raw);

        Assert.Equal("InvalidSignatureException", response.ErrorType);
        Assert.Contains("'sagemaker'", response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_MalformedAuthorization_403IncompleteSignature()
    {
        var response = await CallAsync(
            "DescribePipelineExecution",
            new { PipelineExecutionArn = Execution1 },
            tamper: r =>
            {
                r.Headers.Authorization = null;
                r.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/20200101");
            });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("IncompleteSignatureException", response.ErrorType);
    }

    [Fact]
    public async Task Call_UnexpectedSessionToken_403UnrecognizedClient()
    {
        var response = await CallAsync("DescribePipelineExecution", new { PipelineExecutionArn = Execution1 }, sessionToken: "FwoGZXIvYXdzEXAMPLE");

        Assert.Equal("UnrecognizedClientException", response.ErrorType);
    }

    [Fact]
    public async Task Call_WrongContentType_SerializationException()
    {
        Emulator.AddExecution(Execution1);

        var response = await CallAsync(
            "DescribePipelineExecution",
            new { PipelineExecutionArn = Execution1 },
            tamper: r => r.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json"));

        // Content-Type is a signed header: changing it breaks the signature first.
        Assert.Equal("InvalidSignatureException", response.ErrorType);
    }

    [Fact]
    public async Task Call_Get_404UnknownOperation()
    {
        using var response = await Http.GetAsync(new Uri("/", UriKind.Relative)).WaitAsync(Timeouts.Default);
        var read = await AwsResponse.ReadAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, read.Status);
        Assert.Equal("UnknownOperationException", read.ErrorType);
    }

    private static string SageMakerFormat(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
