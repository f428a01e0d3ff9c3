using System.Net;
using System.Text.Json;
using CancelGateway.Emulators.SageMaker;
using Xunit;

namespace CancelGateway.Emulators.Tests.SageMaker;

public sealed class SageMakerStopTests : SageMakerTestBase
{
    [Fact]
    public async Task Stop_PlainSteps_StoppingThenStoppedAfterTheDelay()
    {
        Emulator.AddExecution(Execution1).WithStep("preprocess").WithStep("train").StopsAfter(TimeSpan.FromSeconds(1));
        var created = Clock.GetUtcNow();

        var stop = await StopAsync(Execution1);

        Assert.Equal(HttpStatusCode.OK, stop.Status);
        Assert.Equal("application/x-amz-json-1.1", stop.ContentType);
        Assert.Equal(Execution1, stop.Json.GetProperty("PipelineExecutionArn").GetString());
        Assert.False(string.IsNullOrEmpty(stop.RequestId));
        Clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal("Stopping", StatusOf(await DescribeAsync(Execution1)));
        Assert.All(StepStatuses(await ListStepsAsync(Execution1)).Values, s => Assert.Equal("Stopping", s));

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var stopped = await DescribeAsync(Execution1);
        Assert.Equal("Stopped", StatusOf(stopped));
        Assert.Equal(created.AddSeconds(1).ToUnixTimeMilliseconds() / 1000m, stopped.Json.GetProperty("LastModifiedTime").GetDecimal());
        Assert.Equal(created.ToUnixTimeMilliseconds() / 1000m, stopped.Json.GetProperty("CreationTime").GetDecimal());
        Assert.False(stopped.Json.TryGetProperty("FailureReason", out _));
        Assert.All(StepStatuses(await ListStepsAsync(Execution1)).Values, s => Assert.Equal("Stopped", s));
    }

    [Fact]
    public async Task Describe_ExecutingExecution_DocumentedShape()
    {
        Emulator.AddExecution(Execution1).WithDisplayName("nightly training").WithStep("train");

        var describe = await DescribeAsync(Execution1);

        Assert.Equal(HttpStatusCode.OK, describe.Status);
        Assert.Equal(Pipeline, describe.Json.GetProperty("PipelineArn").GetString());
        Assert.Equal(Execution1, describe.Json.GetProperty("PipelineExecutionArn").GetString());
        Assert.Equal("nightly training", describe.Json.GetProperty("PipelineExecutionDisplayName").GetString());
        Assert.Equal("Executing", StatusOf(describe));
        Assert.Equal(JsonValueKind.Number, describe.Json.GetProperty("CreationTime").ValueKind);
        Assert.Equal(JsonValueKind.Number, describe.Json.GetProperty("LastModifiedTime").ValueKind);
    }

    [Fact]
    public async Task Stop_SameTokenAgain_SameAnswerAndNothingDone()
    {
        Emulator.AddExecution(Execution1).WithStep("train").StopsAfter(TimeSpan.FromSeconds(1));
        await StopAsync(Execution1);
        Clock.Advance(TimeSpan.FromSeconds(5));

        // The execution has ended since; a retry with the same token still gets the first answer.
        var again = await StopAsync(Execution1);

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(Execution1, again.Json.GetProperty("PipelineExecutionArn").GetString());
        Assert.Equal(2, Emulator.StopCalls(Execution1));
        Assert.Equal(1, Emulator.AcceptedStops(Execution1));
        Assert.Equal([Token1], Emulator.StopRequestTokens(Execution1));
    }

    [Fact]
    public async Task Stop_NewTokenWhileStopping_AcceptedAndKeepsTheFirstStopTime()
    {
        Emulator.AddExecution(Execution1).WithStep("train").StopsAfter(TimeSpan.FromSeconds(1));
        await StopAsync(Execution1, Token1);
        Clock.Advance(TimeSpan.FromMilliseconds(600));

        var second = await StopAsync(Execution1, Token2);
        Clock.Advance(TimeSpan.FromMilliseconds(400));

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(2, Emulator.AcceptedStops(Execution1));
        Assert.Equal(SageMakerExecutionStatus.Stopped, Emulator.GetExecution(Execution1)!.Status);
    }

    [Fact]
    public async Task Stop_TokenUsedForAnotherExecution_ValidationException()
    {
        Emulator.AddExecution(Execution1).WithStep("train");
        Emulator.AddExecution(Execution2).WithStep("train");
        await StopAsync(Execution1, Token1);

        var reused = await StopAsync(Execution2, Token1);

        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
        Assert.Equal("ValidationException", reused.ErrorType);
        Assert.Equal(SageMakerExecutionStatus.Executing, Emulator.GetExecution(Execution2)!.Status);
    }

    [Theory]
    [InlineData(SageMakerExecutionStatus.Succeeded)]
    [InlineData(SageMakerExecutionStatus.Failed)]
    [InlineData(SageMakerExecutionStatus.Stopped)]
    public async Task Stop_EndedExecution_400ConflictExceptionAsTheModelDeclares(SageMakerExecutionStatus status)
    {
        Emulator.AddExecution(Execution1).WithStep("train").InStatus(status);

        var stop = await StopAsync(Execution1);

        Assert.Equal(HttpStatusCode.BadRequest, stop.Status);
        Assert.Equal("ConflictException", stop.ErrorType);
        Assert.Contains(status.ToString(), stop.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, Emulator.AcceptedStops(Execution1));
    }

    [Fact]
    public async Task Stop_UnknownExecution_400ResourceNotFoundWithoutExceptionSuffix()
    {
        var stop = await StopAsync(Execution1);

        Assert.Equal(HttpStatusCode.BadRequest, stop.Status);
        Assert.Equal("ResourceNotFound", stop.ErrorType);
        Assert.Equal("ResourceNotFound", stop.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains(Execution1, stop.ErrorMessage, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(stop.RequestId));
    }

    [Fact]
    public async Task Stop_ForbiddenExecution_AccessDeniedException()
    {
        Emulator.AddExecution(Execution1).WithStep("train").Forbidden();

        var stop = await StopAsync(Execution1);

        Assert.Equal(HttpStatusCode.BadRequest, stop.Status);
        Assert.Equal("AccessDeniedException", stop.ErrorType);
        Assert.Contains("sagemaker:StopPipelineExecution", stop.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(SageMakerExecutionStatus.Executing, Emulator.GetExecution(Execution1)!.Status);
    }

    [Theory]
    [InlineData("short-token", "greater than or equal to 32")]
    [InlineData(null, "must not be null")]
    public async Task Stop_BadClientRequestToken_ValidationException(string? token, string expected)
    {
        Emulator.AddExecution(Execution1).WithStep("train");

        var stop = await CallAsync("StopPipelineExecution", new Dictionary<string, string?> { ["PipelineExecutionArn"] = Execution1, ["ClientRequestToken"] = token });

        Assert.Equal(HttpStatusCode.BadRequest, stop.Status);
        Assert.Equal("ValidationException", stop.ErrorType);
        Assert.Contains("clientRequestToken", stop.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(expected, stop.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(SageMakerExecutionStatus.Executing, Emulator.GetExecution(Execution1)!.Status);
    }

    [Fact]
    public async Task Stop_MalformedArn_ValidationExceptionWithThePattern()
    {
        var stop = await StopAsync("arn:aws:sagemaker:us-east-1:123:pipeline/p/execution/x");

        Assert.Equal("ValidationException", stop.ErrorType);
        Assert.Contains("pipelineExecutionArn", stop.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("regular expression pattern", stop.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_ArnOfAnotherRegion_ValidationException()
    {
        const string West = "arn:aws:sagemaker:us-west-2:123456789012:pipeline/p/execution/west1";
        Emulator.AddExecution(West).WithStep("train");

        var stop = await StopAsync(West);

        Assert.Equal("ValidationException", stop.ErrorType);
        Assert.Contains("us-west-2", stop.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(SageMakerExecutionStatus.Executing, Emulator.GetExecution(West)!.Status);
    }

    [Fact]
    public async Task Call_UnknownAction_UnknownOperationException()
    {
        var response = await CallAsync("StartPipelineExecution", new { PipelineName = "p" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("UnknownOperationException", response.ErrorType);
    }

    [Fact]
    public async Task Call_MalformedJson_SerializationException()
    {
        var response = await CallAsync("DescribePipelineExecution", Utf8("{\"PipelineExecutionArn\":"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.ErrorType);
    }

    [Fact]
    public async Task Call_WrongMemberType_SerializationException()
    {
        var response = await CallAsync("DescribePipelineExecution", new { PipelineExecutionArn = 42 });

        Assert.Equal("SerializationException", response.ErrorType);
    }
}
