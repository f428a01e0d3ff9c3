using System.Net;
using Grpc.Core;
using CancelGateway.Providers.SageMaker;
using Xunit;

namespace CancelGateway.Tests.Providers.SageMaker;

/// <summary>The mapper's table, its reading of AWS error shapes, and its secret scrubbing.</summary>
public sealed class SageMakerErrorMapperTests
{
    [Theory]
    [InlineData(400, "ResourceNotFound", StatusCode.NotFound, "RUN_NOT_FOUND", false)]
    [InlineData(400, "ValidationException", StatusCode.InvalidArgument, "PROVIDER_INVALID_ARGUMENT", false)]
    [InlineData(400, "ConflictException", StatusCode.Aborted, "PROVIDER_CONFLICT", false)]
    [InlineData(400, "AccessDeniedException", StatusCode.PermissionDenied, "PROVIDER_PERMISSION_DENIED", false)]
    [InlineData(400, "ThrottlingException", StatusCode.ResourceExhausted, "PROVIDER_RATE_LIMITED", true)]
    [InlineData(400, "ResourceLimitExceeded", StatusCode.ResourceExhausted, "PROVIDER_QUOTA_EXCEEDED", false)]
    [InlineData(403, "InvalidSignatureException", StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", false)]
    [InlineData(403, "UnrecognizedClientException", StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", false)]
    [InlineData(400, "ExpiredTokenException", StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", false)]
    [InlineData(403, null, StatusCode.Internal, "PROVIDER_AUTHENTICATION_FAILED", false)]
    [InlineData(500, "InternalFailure", StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true)]
    [InlineData(503, "ServiceUnavailable", StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true)]
    [InlineData(502, null, StatusCode.Unavailable, "PROVIDER_UNAVAILABLE", true)]
    [InlineData(429, null, StatusCode.ResourceExhausted, "PROVIDER_RATE_LIMITED", true)]
    [InlineData(400, "SomethingNew", StatusCode.InvalidArgument, "PROVIDER_INVALID_ARGUMENT", false)]
    [InlineData(404, null, StatusCode.Unknown, "PROVIDER_ERROR", false)]
    public void ToException_AwsError_MappedByTheTable(int http, string? code, StatusCode expected, string reason, bool transient)
    {
        var ex = SageMakerErrorMapper.ToException(new SageMakerApiError(http, code, "message", "req-1", null), "stopping x");

        Assert.Equal(expected, ex.Code);
        Assert.Equal(reason, ex.Reason);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal(code, ex.ProviderCode);
        Assert.Equal("req-1", ex.RequestId);
        Assert.Equal(http, ex.HttpStatus);
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.sagemaker#ResourceNotFound","message":"gone"}""", null, "ResourceNotFound", "gone")]
    [InlineData("""{"__type":"ValidationException:http://internal.amazon.com/coral/validate/","Message":"bad"}""", null, "ValidationException", "bad")]
    [InlineData("""{"code":"ThrottlingException","message":"Rate exceeded"}""", null, "ThrottlingException", "Rate exceeded")]
    [InlineData("<html>502</html>", "ServiceUnavailable:http://internal", "ServiceUnavailable", "")]
    [InlineData("", null, null, "")]
    public void ReadError_AwsShapes_CodeWithoutNamespaceAndMessage(string body, string? errorTypeHeader, string? code, string message)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", "8b1c0b4e-0000-4000-8000-000000000001");
        response.Headers.TryAddWithoutValidation("Retry-After", "3");
        if (errorTypeHeader is not null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorTypeHeader);
        }

        var error = SageMakerErrorMapper.ReadError(response, body, new FakeTimeProvider());

        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
        Assert.Equal("8b1c0b4e-0000-4000-8000-000000000001", error.RequestId);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Fact]
    public void Sanitize_SignatureErrorWithCanonicalString_CutsItAndRedacts()
    {
        var token = new string('A', 300);
        var message = "The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n'POST\n/\n\nx-amz-security-token:" + token + "'";

        var sanitized = SageMakerErrorMapper.Sanitize(message + " Signature=" + new string('a', 64));

        Assert.Equal("The request signature we calculated does not match the signature you provided.", sanitized);
        Assert.DoesNotContain(token, SageMakerErrorMapper.Sanitize("token " + token + " leaked"), StringComparison.Ordinal);
        Assert.Contains("Signature=[redacted]", SageMakerErrorMapper.Sanitize("bad Signature=" + new string('b', 64)), StringComparison.Ordinal);
    }

    [Fact]
    public void Sanitize_LongMultilineMessage_IsOneBoundedLine()
    {
        var sanitized = SageMakerErrorMapper.Sanitize(string.Join("\n", Enumerable.Repeat("line of text", 200)));

        Assert.DoesNotContain('\n', sanitized);
        Assert.True(sanitized.Length <= 513);
    }
}
