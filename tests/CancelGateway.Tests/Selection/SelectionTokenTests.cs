using CancelGateway.Operations;
using CancelGateway.Selection;
using Xunit;

namespace CancelGateway.Tests.Selection;

/// <summary>A selection token names its dry run and pins exactly one caller, selection and run set.</summary>
public sealed class SelectionTokenTests
{
    private static readonly string Operation = OperationNames.New();
    private static readonly string[] Scopes = ["projects/p/locations/us-central1", "arn:aws:sagemaker:us-east-1:123456789012:pipeline/x"];
    private static readonly string[] Runs = ["projects/p/locations/us-central1/pipelineJobs/b", "projects/p/locations/us-central1/pipelineJobs/a"];

    [Fact]
    public void Issue_ThenRead_NamesTheDryRunOperation()
    {
        var token = SelectionToken.Issue(Operation, "alice", Scopes, "state = RUNNING", Runs);

        Assert.True(SelectionToken.TryRead(token, out var named));
        Assert.Equal(Operation, named);
        Assert.True(SelectionToken.Pins(token, Operation, "alice", Scopes, "state = RUNNING", Runs));
    }

    [Fact]
    public void Pins_RunOrderDoesNotMatter_TheSetDoes()
    {
        var token = SelectionToken.Issue(Operation, "alice", Scopes, "state = RUNNING", Runs);

        Assert.True(SelectionToken.Pins(token, Operation, "alice", Scopes, "state = RUNNING", [.. Runs.Reverse()]));
        Assert.False(SelectionToken.Pins(token, Operation, "alice", Scopes, "state = RUNNING", [Runs[0]]));
        Assert.False(SelectionToken.Pins(token, Operation, "alice", Scopes, "state = RUNNING", [.. Runs, "projects/p/locations/us-central1/pipelineJobs/c"]));
    }

    [Theory]
    [InlineData("bob", "state = RUNNING", false)]
    [InlineData("alice", "state = QUEUED", false)]
    [InlineData("alice", "state = RUNNING", true)]
    public void Pins_AnotherCallerScopesOrFilter_DoesNotMatch(string caller, string filter, bool reversedScopes)
    {
        var token = SelectionToken.Issue(Operation, "alice", Scopes, "state = RUNNING", Runs);

        Assert.False(SelectionToken.Pins(token, Operation, caller, reversedScopes ? [.. Scopes.Reverse()] : Scopes, filter, Runs));
    }

    [Fact]
    public void Pins_PartsThatRunTogether_AreStillDifferentSelections()
    {
        // Length prefixes: a filter's text cannot pose as a scope's and the other way round.
        var token = SelectionToken.Issue(Operation, "alice", ["projects/p/locations/a"], "b", Runs);

        Assert.False(SelectionToken.Pins(token, Operation, "alice", ["projects/p/locations/ab"], string.Empty, Runs));
        Assert.False(SelectionToken.Pins(token, Operation, "alicep", ["rojects/p/locations/a"], "b", Runs));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1.not-hex.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v2.0123456789abcdef0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.0123456789abcdef0123456789abcdef.short")]
    [InlineData("v1.0123456789abcdef0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n")]
    public void TryRead_NotAToken_IsFalse(string text)
    {
        Assert.False(SelectionToken.TryRead(text, out var named));
        Assert.Empty(named);
    }
}
