using System.Text;
using CancelGateway.Security;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>The policy file's language: patterns, merging with "*", and errors that name the line.</summary>
public sealed class AccessPolicyTests
{
    private const string Vertex = "projects/ml-prod/locations/us-central1/pipelineJobs/nightly-1";
    private const string SageMaker = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/nightly-etl/execution/abc123";

    [Theory]
    [InlineData("projects/ml-prod/locations/*/pipelineJobs/*", Vertex, true)]
    [InlineData("projects/ml-prod/locations/*/pipelineJobs/nightly-*", Vertex, true)]
    [InlineData("projects/ml-prod/**", Vertex, true)]
    [InlineData("projects/*/pipelineJobs/*", Vertex, false)]
    [InlineData("projects/ml-prod/locations/*", Vertex, false)]
    [InlineData("projects/ml-pro/**", Vertex, false)]
    [InlineData("arn:aws:sagemaker:us-east-1:123456789012:pipeline/nightly-*/execution/*", SageMaker, true)]
    [InlineData("arn:aws:sagemaker:*:123456789012:pipeline/*/execution/*", SageMaker, true)]
    [InlineData("arn:aws:sagemaker:us-east-1:999999999999:pipeline/*/execution/*", SageMaker, false)]
    [InlineData("arn:aws:sagemaker:us-east-1:123456789012:pipeline/nightly.etl/execution/*", SageMaker, false)]
    [InlineData("**", SageMaker, true)]
    public void RunPattern_MatchesWithinOrAcrossSegments(string pattern, string run, bool matches) =>
        Assert.Equal(matches, RunPattern.Parse(pattern).Matches(run));

    [Fact]
    public void RunPattern_DoesNotMatchANameWithATrailingNewline() =>
        Assert.False(RunPattern.Parse("projects/ml-prod/**").Matches(Vertex + "\n"));

    [Fact]
    public void Grant_JoinsThePrincipalsEntryWithEveryCallersEntry_AndItsOwnLimitsWin()
    {
        var policy = Parse("""
            {"principals": {
              "ci": {"runs": ["projects/ml-prod/**"], "maxBatch": 10},
              "*": {"runs": ["projects/shared/**"], "force": true, "maxBatch": 100, "requestsPerSecond": 5}
            }}
            """);

        var ci = policy.For("ci");
        var stranger = policy.For("someone");

        Assert.True(ci.Covers(Vertex));
        Assert.True(ci.Covers("projects/shared/locations/x/pipelineJobs/y"));
        Assert.False(ci.MayForce(Vertex));
        Assert.True(ci.MayForce("projects/shared/locations/x/pipelineJobs/y"));
        Assert.Equal(10, ci.MaxBatch);
        Assert.Equal(5, ci.RequestsPerSecond);
        Assert.False(stranger.Covers(Vertex));
        Assert.True(stranger.Covers("projects/shared/locations/x/pipelineJobs/y"));
        Assert.False(ci.MayReadAudit);
    }

    [Fact]
    public void Grant_SeesABatchItAskedFor_OrWhoseEveryRunItCovers()
    {
        var grant = Parse("""{"principals": {"ci": {"runs": ["projects/ml-prod/**"]}}}""").For("ci");
        static Google.LongRunning.Operation Batch(string requestedBy, params string[] runs)
        {
            var metadata = new BatchCancelOperationMetadata { RequestedBy = requestedBy };
            metadata.Items.Add(runs.Select((run, i) => new BatchCancelItem { Index = i, Run = run }));
            return new Google.LongRunning.Operation { Name = "operations/x", Metadata = Google.Protobuf.WellKnownTypes.Any.Pack(metadata) };
        }

        Assert.True(grant.MaySee(OperationSubject.Of(Batch("ci", Vertex, "projects/other/locations/l/pipelineJobs/j")), "ci"));
        Assert.True(grant.MaySee(OperationSubject.Of(Batch("someone", Vertex)), "ci"));
        Assert.False(grant.MaySee(OperationSubject.Of(Batch("someone", Vertex, "projects/other/locations/l/pipelineJobs/j")), "ci"));
    }

    [Theory]
    [InlineData("{\"principals\": {\n\"ci\": {\"runs\": [\"projects/***\"]}\n}}", 2, "'***'")]
    [InlineData("{\"principals\": {\n\n\"ci\": {\"runs\": [\"a\"], \"forse\": true}}}", 3, "unknown key 'forse'")]
    [InlineData("{\"principals\": {\"ci\": {\n\"maxBatch\": 5000}}}", 2, "maxBatch must be a whole number from 1 to 1000")]
    [InlineData("{\"principals\": {\"ci\": {\n\"requestsPerSecond\": 0}}}", 2, "requestsPerSecond must be a number above 0")]
    [InlineData("{\"principals\": {\"ci\": {\"force\": \"yes\"}}}", 1, "force must be true or false")]
    [InlineData("{\"principal\": {}}", 1, "")]
    [InlineData("{\"principals\": {\"ci\": {\"runs\": [\"a\"]}\n", 2, "")]
    [InlineData("{\"principals\": {\"ci\": {\"runs\": [\"with space\"]}}}", 1, "space or control character")]
    public void Parse_BadFile_NamesTheLine(string json, int line, string problem)
    {
        var failure = Assert.Throws<FormatException>(() => Parse(json));

        Assert.StartsWith($"Security:PolicyFile 'policy.json' line {line}: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains(problem, failure.Message, StringComparison.Ordinal);
    }

    private static AccessPolicy Parse(string json) => AccessPolicy.Parse(Encoding.UTF8.GetBytes(json), "policy.json");
}
