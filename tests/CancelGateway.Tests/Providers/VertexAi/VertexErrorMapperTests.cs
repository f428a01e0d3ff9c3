using CancelGateway.Providers.VertexAi;
using Xunit;

namespace CancelGateway.Tests.Providers.VertexAi;

/// <summary>The mapper's secret scrubbing and its reading of refusals.</summary>
public sealed class VertexErrorMapperTests
{
    [Theory]
    [InlineData("assertion eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhQGIifQ.c2lnbmF0dXJl was rejected", "eyJ")]
    [InlineData("token ya29.a0AfH6SMBx-secret_part.more was rejected", "ya29.")]
    [InlineData("header Authorization: Bearer abc.def-ghi_jkl rejected", "abc.def-ghi_jkl")]
    [InlineData("key -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY----- leaked", "MIIEvQIBADANBg")]
    public void Sanitize_MessageWithCredential_RedactsIt(string message, string secret)
    {
        var sanitized = VertexErrorMapper.Sanitize(message);

        Assert.DoesNotContain(secret, sanitized, StringComparison.Ordinal);
        Assert.Contains("[redacted", sanitized, StringComparison.Ordinal);
    }

    [Fact]
    public void Sanitize_LongMultilineMessage_IsOneBoundedLine()
    {
        var sanitized = VertexErrorMapper.Sanitize(string.Join("\n", Enumerable.Repeat("line of text", 200)));

        Assert.DoesNotContain('\n', sanitized);
        Assert.True(sanitized.Length <= 513);
    }

    [Theory]
    [InlineData(400, "FAILED_PRECONDITION", "The PipelineJob \"x\" is in state PIPELINE_STATE_FAILED and cannot be canceled.", "PIPELINE_STATE_FAILED")]
    [InlineData(400, "FAILED_PRECONDITION", "The PipelineJob is locked.", null)]
    [InlineData(400, "INVALID_ARGUMENT", "Bad PIPELINE_STATE_FAILED filter.", null)]
    [InlineData(404, "NOT_FOUND", "PIPELINE_STATE_FAILED", null)]
    public void RefusedInState_Error_NamesTheStateOnlyForFailedPrecondition(int http, string status, string message, string? expected)
    {
        Assert.Equal(expected, VertexErrorMapper.RefusedInState(new VertexApiError(http, status, message, null, null)));
    }

    [Theory]
    [InlineData(13, false)] // INTERNAL
    [InlineData(2, false)]  // UNKNOWN
    [InlineData(14, true)]  // UNAVAILABLE
    [InlineData(8, true)]   // RESOURCE_EXHAUSTED
    public void FromOperationError_Code_TransientOnlyWhereAip194Retries(int rpcCode, bool transient)
    {
        Assert.Equal(transient, VertexErrorMapper.FromOperationError(rpcCode, "failed", "operations/1", "cancelling a batch").IsTransient);
    }
}
