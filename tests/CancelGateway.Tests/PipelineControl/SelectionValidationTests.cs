using CancelGateway.PipelineControl;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.PipelineControl;

/// <summary>CancelMatching's fields checked before anything is listed.</summary>
public sealed class SelectionValidationTests
{
    [Theory]
    [InlineData(0, null, false, 100, "max_runs")]
    [InlineData(500, null, false, 500, "max_runs")]
    [InlineData(500, 5, false, 5, "the caller's policy (maxBatch)")]
    [InlineData(500, 5, true, 500, "max_runs")]
    [InlineData(3, 5, false, 3, "max_runs")]
    public void MaxRuns_DefaultAndPolicy_GiveTheCapAndWhatSetIt(int requested, int? maxBatch, bool dryRun, int cap, string source)
    {
        Assert.Equal((cap, source), SelectionValidation.MaxRuns(requested, maxBatch, dryRun));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void MaxRuns_OutOfRange_IsInvalidArgumentOnMaxRuns(int requested)
    {
        var failure = Assert.Throws<RpcException>(() => SelectionValidation.MaxRuns(requested, null, dryRun: false));

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("max_runs", Assert.Single(failure.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
    }

    [Fact]
    public void Scopes_NoneOrTooMany_IsInvalidArgument()
    {
        Assert.Equal(StatusCode.InvalidArgument, Assert.Throws<RpcException>(() => SelectionValidation.Scopes([])).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, Assert.Throws<RpcException>(() => SelectionValidation.Scopes([.. Enumerable.Range(0, 11).Select(i => $"projects/p/locations/l{i}")])).StatusCode);
    }

    [Fact]
    public void Scopes_ThreeProviders_ParsedInOrder()
    {
        var scopes = SelectionValidation.Scopes(["projects/p/locations/us-central1", "arn:aws:sagemaker:us-east-1:123456789012:pipeline/x", "codearts/regions/cn-north-4/projects/p1/pipelines/x1"]);

        Assert.Equal([V1.Provider.VertexAi, V1.Provider.Sagemaker, V1.Provider.Codearts], scopes.Select(s => s.Provider));
    }

    [Fact]
    public void Token_WithDryRun_IsInvalidArgumentOnSelectionToken()
    {
        Assert.Null(SelectionValidation.Token(string.Empty, dryRun: true));
        var failure = Assert.Throws<RpcException>(() => SelectionValidation.Token("v1.x", dryRun: true));

        Assert.Equal("selection_token", Assert.Single(failure.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
    }
}
