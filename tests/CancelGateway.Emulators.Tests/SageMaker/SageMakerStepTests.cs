using System.Net;
using CancelGateway.Emulators.SageMaker;
using Xunit;

namespace CancelGateway.Emulators.Tests.SageMaker;

public sealed class SageMakerStepTests : SageMakerTestBase
{
    [Fact]
    public async Task Stop_CallbackStepWaiting_StoppingUntilSuccessIsSent()
    {
        var token = Emulator.AddExecution(Execution1).WithStep("train").WithCallbackStep("approve").StopsAfter(TimeSpan.FromMilliseconds(100)).CallbackToken("approve");
        await StopAsync(Execution1);
        Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal("Stopping", StatusOf(await DescribeAsync(Execution1)));
        var steps = StepStatuses(await ListStepsAsync(Execution1));
        Assert.Equal("Executing", steps["approve"]);
        Assert.Equal("Stopped", steps["train"]);

        var answer = await SendSuccessAsync(token);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(Execution1, answer.Json.GetProperty("PipelineExecutionArn").GetString());
        var stopped = Emulator.GetExecution(Execution1)!;
        Assert.Equal(SageMakerExecutionStatus.Stopped, stopped.Status);
        Assert.Equal(SageMakerStepStatus.Succeeded, stopped.Step("approve").Status);
        Assert.Equal([new KeyValuePair<string, string>("approved", "yes")], stopped.Step("approve").OutputParameters);
        Assert.Equal(Clock.GetUtcNow(), stopped.LastModifiedTime);
    }

    [Fact]
    public async Task Stop_CallbackStepFailed_StoppedWithTheStepFailed()
    {
        var token = Emulator.AddExecution(Execution1).WithCallbackStep("approve").StopsAfter(TimeSpan.Zero).CallbackToken("approve");
        await StopAsync(Execution1);

        var answer = await SendFailureAsync(token, "Stopped by CancelGateway operation operations/abc: done");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var stopped = Emulator.GetExecution(Execution1)!;
        Assert.Equal(SageMakerExecutionStatus.Stopped, stopped.Status);
        Assert.Equal(SageMakerStepStatus.Failed, stopped.Step("approve").Status);
        Assert.Equal("Stopped by CancelGateway operation operations/abc: done", stopped.Step("approve").FailureReason);
    }

    [Fact]
    public async Task ListSteps_CallbackStep_MetadataWithTokenAndQueue()
    {
        var token = Emulator.AddExecution(Execution1)
            .WithCallbackStep("approve", sqsQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/approvals")
            .CallbackToken("approve");

        var list = await ListStepsAsync(Execution1);

        var step = Assert.Single(list.Json.GetProperty("PipelineExecutionSteps").EnumerateArray());
        var callback = step.GetProperty("Metadata").GetProperty("Callback");
        Assert.Equal(token, callback.GetProperty("CallbackToken").GetString());
        Assert.Matches("^[a-zA-Z0-9]{10}$", token);
        Assert.Equal("https://sqs.us-east-1.amazonaws.com/123456789012/approvals", callback.GetProperty("SqsQueueUrl").GetString());
        Assert.Equal(0, callback.GetProperty("OutputParameters").GetArrayLength());
        Assert.Equal(1, step.GetProperty("AttemptCount").GetInt32());
        Assert.False(step.TryGetProperty("EndTime", out _));
    }

    [Fact]
    public async Task SendSuccess_StepNotWaiting_ConflictException()
    {
        var token = Emulator.AddExecution(Execution1).WithStep("train").WithCallbackStep("approve").CallbackToken("approve");
        await SendSuccessAsync(token);

        var again = await SendSuccessAsync(token);

        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("ConflictException", again.ErrorType);
        Assert.DoesNotContain(token, again.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendSuccess_SameClientRequestTokenAgain_SameAnswer()
    {
        var token = Emulator.AddExecution(Execution1).WithStep("train").WithCallbackStep("approve").CallbackToken("approve");
        await SendSuccessAsync(token, Token1);

        var again = await SendSuccessAsync(token, Token1);

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(Execution1, again.Json.GetProperty("PipelineExecutionArn").GetString());
    }

    [Fact]
    public async Task SendFailure_UnknownToken_ResourceNotFound()
    {
        var answer = await SendFailureAsync("AbCdE12345");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("ResourceNotFound", answer.ErrorType);
        Assert.DoesNotContain("AbCdE12345", answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendFailure_MalformedToken_ValidationExceptionWithoutQuotingIt()
    {
        var answer = await SendFailureAsync("bad-token!");

        Assert.Equal("ValidationException", answer.ErrorType);
        Assert.Contains("callbackToken", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("bad-token!", answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendFailure_WithoutStop_ExecutionFailsNamingTheStep()
    {
        var token = Emulator.AddExecution(Execution1).WithStep("train").WithCallbackStep("approve").CallbackToken("approve");

        await SendFailureAsync(token, "not approved");

        var failed = await DescribeAsync(Execution1);
        Assert.Equal("Failed", StatusOf(failed));
        Assert.Equal("Step approve failed: not approved", failed.Json.GetProperty("FailureReason").GetString());
        Assert.Equal("Stopped", StepStatuses(await ListStepsAsync(Execution1))["train"]);
        Assert.Equal("ConflictException", (await StopAsync(Execution1)).ErrorType);
    }

    [Fact]
    public async Task Stop_LambdaStepFinishes_StoppingUntilItEndsThenStopped()
    {
        Emulator.AddExecution(Execution1).WithStep("train").WithLambdaStep("notify", TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)).StopsAfter(TimeSpan.FromSeconds(1));
        Clock.Advance(TimeSpan.FromSeconds(2));
        await StopAsync(Execution1);

        Clock.Advance(TimeSpan.FromSeconds(7.9));
        Assert.Equal("Stopping", StatusOf(await DescribeAsync(Execution1)));
        var list = await ListStepsAsync(Execution1);
        Assert.Equal("Executing", StepStatuses(list)["notify"]);
        var lambda = list.Json.GetProperty("PipelineExecutionSteps").EnumerateArray().Single(s => s.GetProperty("StepName").GetString() == "notify");
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:notify", lambda.GetProperty("Metadata").GetProperty("Lambda").GetProperty("Arn").GetString());

        Clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal("Stopped", StatusOf(await DescribeAsync(Execution1)));
        Assert.Equal("Succeeded", StepStatuses(await ListStepsAsync(Execution1))["notify"]);
    }

    [Fact]
    public async Task Stop_LambdaStepTimesOut_FailedWithTheTimeoutAsReason()
    {
        Emulator.AddExecution(Execution1).WithStep("train").WithLambdaStep("export", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5)).StopsAfter(TimeSpan.FromSeconds(1));
        await StopAsync(Execution1);

        Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal("Stopping", StatusOf(await DescribeAsync(Execution1)));
        Clock.Advance(TimeSpan.FromSeconds(1));

        var failed = await DescribeAsync(Execution1);
        Assert.Equal("Failed", StatusOf(failed));
        Assert.Contains("Step export failed", failed.Json.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);
        Assert.Contains("timed out", failed.Json.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);
        Assert.Equal("Failed", StepStatuses(await ListStepsAsync(Execution1))["export"]);
    }

    [Fact]
    public async Task Stop_LambdaTimedFromStop_HoldsTheStopHoweverLateItComes()
    {
        Emulator.AddExecution(Execution1).WithLambdaStep("notify", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), timedFromStop: true).StopsAfter(TimeSpan.Zero);
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(SageMakerExecutionStatus.Executing, Emulator.GetExecution(Execution1)!.Status);

        await StopAsync(Execution1);
        Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(SageMakerExecutionStatus.Stopping, Emulator.GetExecution(Execution1)!.Status);
        Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(SageMakerExecutionStatus.Stopped, Emulator.GetExecution(Execution1)!.Status);
    }

    [Fact]
    public async Task ListSteps_ManySteps_PagedInSeedOrderWhenAscending()
    {
        var builder = Emulator.AddExecution(Execution1);
        for (var i = 0; i < 25; i++)
        {
            builder.WithStep($"step-{i:00}");
        }

        var names = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await ListStepsAsync(Execution1, maxResults: 10, nextToken: next, sortOrder: "Ascending");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            names.AddRange(page.Json.GetProperty("PipelineExecutionSteps").EnumerateArray().Select(s => s.GetProperty("StepName").GetString()!));
            next = page.Json.TryGetProperty("NextToken", out var token) ? token.GetString() : null;
            pages++;
        }
        while (next is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"step-{i:00}"), names);
        Assert.Equal(3, Emulator.ListStepsCalls(Execution1));
    }

    [Fact]
    public async Task ListSteps_DefaultOrder_DescendingTenPerPage()
    {
        var builder = Emulator.AddExecution(Execution1);
        for (var i = 0; i < 12; i++)
        {
            builder.WithStep($"step-{i:00}");
        }

        var page = await ListStepsAsync(Execution1);

        var names = page.Json.GetProperty("PipelineExecutionSteps").EnumerateArray().Select(s => s.GetProperty("StepName").GetString()).ToList();
        Assert.Equal(10, names.Count);
        Assert.Equal("step-11", names[0]);
        Assert.True(page.Json.TryGetProperty("NextToken", out _));
    }

    [Fact]
    public async Task ListSteps_TokenOfAnotherExecution_ValidationException()
    {
        Emulator.AddExecution(Execution1).WithStep("a").WithStep("b");
        Emulator.AddExecution(Execution2).WithStep("a").WithStep("b");
        var first = await ListStepsAsync(Execution1, maxResults: 1);

        var wrong = await ListStepsAsync(Execution2, maxResults: 1, nextToken: first.Json.GetProperty("NextToken").GetString());

        Assert.Equal("ValidationException", wrong.ErrorType);
    }

    [Fact]
    public async Task ListSteps_MaxResultsOutOfRange_ValidationException()
    {
        Emulator.AddExecution(Execution1).WithStep("a");

        var list = await ListStepsAsync(Execution1, maxResults: 101);

        Assert.Equal("ValidationException", list.ErrorType);
        Assert.Contains("maxResults", list.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_ToString_LeavesTheCallbackTokenOut()
    {
        var token = Emulator.AddExecution(Execution1).WithCallbackStep("approve").CallbackToken("approve");

        var text = Emulator.GetExecution(Execution1)!.ToString();

        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_CallbackStepShowingStopping_StillWaitsAndAnAnswerLetsTheStopThrough()
    {
        var token = Emulator.AddExecution(Execution1).WithCallbackStep("approve", showsStoppingOnStop: true).StopsAfter(TimeSpan.Zero).CallbackToken("approve");
        Assert.Equal("Executing", StepStatuses(await ListStepsAsync(Execution1))["approve"]);

        await StopAsync(Execution1);

        Assert.Equal("Stopping", StepStatuses(await ListStepsAsync(Execution1))["approve"]);
        Assert.Equal("Stopping", StatusOf(await DescribeAsync(Execution1)));
        Assert.Equal(HttpStatusCode.OK, (await SendFailureAsync(token)).Status);
        Assert.Equal("Failed", StepStatuses(await ListStepsAsync(Execution1))["approve"]);
        Assert.Equal("Stopped", StatusOf(await DescribeAsync(Execution1)));
    }
}
