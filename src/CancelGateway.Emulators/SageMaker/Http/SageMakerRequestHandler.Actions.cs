using System.Text;
using CancelGateway.Emulators.SageMaker.Auth;
using CancelGateway.Emulators.SageMaker.Executions;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.SageMaker.Http;

/// <content>The actions: validation of their members, the effect, the answer.</content>
internal sealed partial class SageMakerRequestHandler
{
    /// <summary>ListPipelineExecutionSteps' page size when MaxResults is not given.</summary>
    public const int DefaultPageSize = 10;

    private async Task StopAsync(HttpContext context, SageMakerRequestBody body, SigV4Authorization authorization)
    {
        var arn = ExecutionArnOf(body, authorization);
        var token = body.RequiredString("ClientRequestToken", 32, 128);
        var (execution, replayed) = store.Stop(arn, token);
        if (replayed)
        {
            SageMakerEmulatorLog.StopReplayed(logger, execution.Arn);
        }
        else
        {
            SageMakerEmulatorLog.StopAccepted(logger, execution.Arn, execution.Status);
        }

        await AwsJsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, execution.Arn, SageMakerJson.WriteArn);
    }

    private async Task DescribeAsync(HttpContext context, SageMakerRequestBody body, SigV4Authorization authorization)
    {
        var execution = store.Describe(ExecutionArnOf(body, authorization), "DescribePipelineExecution");
        await AwsJsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, execution, SageMakerJson.WriteExecution);
    }

    private async Task ListStepsAsync(HttpContext context, SageMakerRequestBody body, SigV4Authorization authorization)
    {
        var arn = ExecutionArnOf(body, authorization);
        var pageSize = body.Integer("MaxResults", 1, 100) ?? DefaultPageSize;
        var order = body.String("SortOrder") ?? "Descending";
        if (order is not ("Ascending" or "Descending"))
        {
            throw SageMakerErrors.FieldInvalid("sortOrder", "Member must satisfy enum value set: [Ascending, Descending]", order);
        }

        var offset = body.String("NextToken", 0, 8192) is { } token ? OffsetOf(token, arn, order) : 0;
        var execution = store.Describe(arn, "ListPipelineExecutionSteps");

        // Every step starts with its execution, so the seed order breaks the StartTime tie.
        var ordered = order == "Ascending" ? execution.Steps : execution.Steps.Reverse().ToList();
        var page = ordered.Skip(offset).Take(pageSize).ToList();
        var next = offset + page.Count < ordered.Count ? TokenOf(arn, order, offset + page.Count) : null;
        await AwsJsonResponse.WriteAsync<(IReadOnlyList<SageMakerStepSnapshot>, string?)>(context.Response, StatusCodes.Status200OK, (page, next), SageMakerJson.WriteStepsPage);
    }

    private async Task AnswerAsync(HttpContext context, SageMakerRequestBody body, bool success)
    {
        var callbackToken = body.RequiredString("CallbackToken", 10, 10, secret: true);
        if (!callbackToken.All(char.IsAsciiLetterOrDigit))
        {
            throw SageMakerErrors.FieldInvalid("callbackToken", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9]+$");
        }

        var clientToken = body.String("ClientRequestToken", 32, 128);
        var outputs = success ? body.Parameters("OutputParameters", 50) : [];
        var reason = success ? null : body.String("FailureReason", 0, 256);
        var (arn, stepName, replayed) = store.Answer(callbackToken, clientToken, success, reason, outputs);
        if (!replayed)
        {
            SageMakerEmulatorLog.StepAnswered(logger, stepName, arn, success ? "success" : "failure");
        }

        await AwsJsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, arn, SageMakerJson.WriteArn);
    }

    private static ExecutionArn ExecutionArnOf(SageMakerRequestBody body, SigV4Authorization authorization)
    {
        var text = body.RequiredString("PipelineExecutionArn", 0, ExecutionArn.MaxLength);
        if (!ExecutionArn.TryParse(text, out var arn))
        {
            throw SageMakerErrors.FieldInvalid("pipelineExecutionArn", $"Member must satisfy regular expression pattern: {ExecutionArn.DocumentedPattern}", text);
        }

        // Each region has its own endpoint; this one serves the region the request was signed for.
        if (arn.Value.Region != authorization.Region)
        {
            throw SageMakerErrors.Validation($"The PipelineExecutionArn is in region {arn.Value.Region}, but the request was sent to region {authorization.Region}.");
        }

        return arn.Value;
    }

    private static string TokenOf(ExecutionArn arn, string order, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{arn}|{order}|{offset}"));

    private static int OffsetOf(string token, ExecutionArn arn, string order)
    {
        try
        {
            if (Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|') is [var a, var o, var n]
                && a == arn.ToString() && o == order && int.TryParse(n, out var offset) && offset >= 0)
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Falls through to the same error as a token for another listing.
        }

        throw SageMakerErrors.Validation("The NextToken is not valid for this request.");
    }
}
