using CancelGateway.Operations;
using CancelGateway.PipelineControl;
using CancelGateway.Providers;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.PipelineControl;

/// <summary>
/// Every name form is anchored at the true end of the text: .NET's <c>$</c> also matches before
/// a final newline, which let "run\n" pass as a second name for the same run.
/// </summary>
public sealed class NameValidationTests
{
    private const string VertexRun = "projects/p1/locations/us-central1/pipelineJobs/job-1";
    private const string SageMakerRun = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/demo-pipeline/execution/abc123";
    private const string CodeArtsRun = "codearts/regions/cn-north-4/projects/p0123/pipelines/q0123/runs/r0123";
    private const string Operation = "operations/0123456789abcdef0123456789abcdef";

    public static TheoryData<string, string> RunsWithTrailers { get; } = Trailed(VertexRun, SageMakerRun, CodeArtsRun);

    public static TheoryData<string, string> OperationsWithTrailers { get; } = Trailed(Operation);

    [Theory]
    [InlineData(VertexRun)]
    [InlineData(SageMakerRun)]
    [InlineData(CodeArtsRun)]
    public void TryParse_WellFormedRun_Accepted(string run) =>
        Assert.True(RunNameParser.TryParse(run, out _, out var error), error);

    [Theory]
    [MemberData(nameof(RunsWithTrailers))]
    public void TryParse_RunWithTrailingControlCharacter_Refused(string run, string trailer)
    {
        Assert.False(RunNameParser.TryParse(run + trailer, out _, out var error));
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain('\0', error);
    }

    [Fact]
    public void IsValid_WellFormedOperation_Accepted() => Assert.True(OperationNames.IsValid(Operation));

    [Theory]
    [MemberData(nameof(OperationsWithTrailers))]
    public void IsValid_OperationWithTrailingControlCharacter_Refused(string operation, string trailer) =>
        Assert.False(OperationNames.IsValid(operation + trailer));

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\0")]
    public void Parse_FilterTermWithTrailingControlCharacter_InvalidArgument(string trailer)
    {
        // Trim() removes surrounding whitespace, so the control character sits inside the value.
        var failure = Assert.Throws<RpcException>(() => OperationFilterParser.Parse($"run = \"{VertexRun}{trailer}\" AND done = true{trailer}x"));
        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
    }

    [Fact]
    public void Quote_LongInputWithControlCharacters_ShortAndEscaped()
    {
        var quoted = UserInput.Quote("a\nb\u001b[31m" + new string('x', 1_000_000));

        Assert.StartsWith("'a\\nb\\u001b[31m", quoted, StringComparison.Ordinal);
        Assert.True(quoted.Length < UserInput.MaxQuoted + 64, $"quoted {quoted.Length} characters");
        Assert.EndsWith("more characters)", quoted, StringComparison.Ordinal);
        Assert.DoesNotContain(quoted, char.IsControl);
    }

    private static TheoryData<string, string> Trailed(params string[] names)
    {
        var data = new TheoryData<string, string>();
        foreach (var name in names)
        {
            foreach (var trailer in new[] { "\n", "\r\n", "\0" })
            {
                data.Add(name, trailer);
            }
        }

        return data;
    }
}
