using CancelGateway.Providers;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Providers;

/// <summary>Scopes of a list call: each provider's form, wrong forms, and which runs a scope contains.</summary>
public sealed class RunScopeParserTests
{
    [Theory]
    [InlineData("projects/demo-project/locations/us-central1", Provider.VertexAi, "project", "demo-project")]
    [InlineData("arn:aws:sagemaker:us-east-1:123456789012:pipeline/train-pipeline", Provider.Sagemaker, "pipeline", "train-pipeline")]
    [InlineData("arn:aws-cn:sagemaker:cn-north-1:123456789012:pipeline/p", Provider.Sagemaker, "partition", "aws-cn")]
    [InlineData("codearts/regions/cn-north-4/projects/demoproject000000000000000000000/pipelines/demopipeline00000000000000000000", Provider.Codearts, "pipeline", "demopipeline00000000000000000000")]
    public void TryParse_ProviderForm_ParsesProviderAndParts(string text, Provider provider, string part, string value)
    {
        Assert.True(RunScopeParser.TryParse(text, out var scope, out var error), error);

        Assert.Equal(provider, scope!.Provider);
        Assert.Equal(value, scope[part]);
        Assert.Equal(text, scope.Text);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void TryParse_VertexLocation_HasNoJobPart()
    {
        Assert.True(RunScopeParser.TryParse("projects/p/locations/europe-west4", out var scope, out _));

        Assert.Equal(["location", "project"], scope!.Parts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("europe-west4", scope["location"]);
    }

    [Theory]
    [InlineData("projects/p/locations/us-central1/pipelineJobs/j1", "vertex-ai scope")]
    [InlineData("projects/p", "vertex-ai scope")]
    [InlineData("arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/e1", "sagemaker scope")]
    [InlineData("arn:aws:sagemaker:us-east-1:12345:pipeline/p", "sagemaker scope")]
    [InlineData("codearts/regions/cn-north-4/projects/p1/pipelines/x1/runs/r1", "codearts scope")]
    [InlineData("codearts/regions/cn-north-4/projects/p1", "codearts scope")]
    [InlineData("pipelines/x", "not a scope of any provider")]
    public void TryParse_WrongForm_SaysWhatIsExpected(string text, string says)
    {
        Assert.False(RunScopeParser.TryParse(text, out var scope, out var error));

        Assert.Null(scope);
        Assert.Contains(says, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_Missing_Required(string? text)
    {
        Assert.False(RunScopeParser.TryParse(text, out _, out var error));

        Assert.StartsWith("A scope is required", error, StringComparison.Ordinal);
        Assert.Contains("projects/{project}/locations/{location} (Vertex AI)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TooLong_Refused()
    {
        Assert.False(RunScopeParser.TryParse("projects/" + new string('p', RunNameParser.MaxLength), out _, out var error));

        Assert.Contains("at most", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("projects/p/locations/us-central1", "projects/p/locations/us-central1/pipelineJobs/j1", true)]
    [InlineData("projects/p/locations/us-central1", "projects/p/locations/europe-west4/pipelineJobs/j1", false)]
    [InlineData("projects/p/locations/us-central1", "projects/q/locations/us-central1/pipelineJobs/j1", false)]
    [InlineData("arn:aws:sagemaker:us-east-1:123456789012:pipeline/p", "arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/e1", true)]
    [InlineData("arn:aws:sagemaker:us-east-1:123456789012:pipeline/p", "arn:aws:sagemaker:us-east-1:123456789012:pipeline/p2/execution/e1", false)]
    [InlineData("arn:aws:sagemaker:us-east-1:123456789012:pipeline/p", "arn:aws:sagemaker:us-west-2:123456789012:pipeline/p/execution/e1", false)]
    [InlineData("arn:aws:sagemaker:us-east-1:123456789012:pipeline/p", "projects/p/locations/us-central1/pipelineJobs/j1", false)]
    [InlineData("codearts/regions/cn-north-4/projects/p1/pipelines/x1", "codearts/regions/cn-north-4/projects/p1/pipelines/x1/runs/r1", true)]
    [InlineData("codearts/regions/cn-north-4/projects/p1/pipelines/x1", "codearts/regions/cn-north-4/projects/p1/pipelines/x2/runs/r1", false)]
    public void Contains_RunOfTheScope_OnlyWhenEveryScopePartMatches(string scopeText, string runText, bool contained)
    {
        Assert.True(RunScopeParser.TryParse(scopeText, out var scope, out _));
        Assert.True(RunNameParser.TryParse(runText, out var run, out _));

        Assert.Equal(contained, scope!.Contains(run!));
    }
}
