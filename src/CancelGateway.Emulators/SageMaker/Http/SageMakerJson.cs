using System.Text.Json;

namespace CancelGateway.Emulators.SageMaker.Http;

/// <summary>
/// The response shapes of the SageMaker API in AWS JSON 1.1: PascalCase members as the service
/// model names them, timestamps as epoch seconds (numbers, with milliseconds), absent values left out.
/// </summary>
internal static class SageMakerJson
{
    /// <summary>Epoch seconds with millisecond precision, as AWS JSON services render timestamps.</summary>
    public static decimal EpochSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000m;

    /// <summary><c>{"PipelineExecutionArn": "..."}</c>: the answer of Stop and of SendPipelineExecutionStep*.</summary>
    public static void WriteArn(Utf8JsonWriter json, string arn)
    {
        json.WriteStartObject();
        json.WriteString("PipelineExecutionArn", arn);
        json.WriteEndObject();
    }

    /// <summary>DescribePipelineExecutionResponse.</summary>
    public static void WriteExecution(Utf8JsonWriter json, SageMakerExecutionSnapshot execution)
    {
        json.WriteStartObject();
        json.WriteString("PipelineArn", execution.PipelineArn);
        json.WriteString("PipelineExecutionArn", execution.Arn);
        json.WriteString("PipelineExecutionDisplayName", execution.DisplayName);
        json.WriteString("PipelineExecutionStatus", execution.Status.ToString());
        if (execution.FailureReason is { } reason)
        {
            json.WriteString("FailureReason", reason);
        }

        json.WriteNumber("CreationTime", EpochSeconds(execution.CreationTime));
        json.WriteNumber("LastModifiedTime", EpochSeconds(execution.LastModifiedTime));
        json.WriteStartObject("CreatedBy");
        json.WriteEndObject();
        json.WriteStartObject("LastModifiedBy");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>ListPipelineExecutionStepsResponse: one page of steps and the token of the next, if any.</summary>
    public static void WriteStepsPage(Utf8JsonWriter json, (IReadOnlyList<SageMakerStepSnapshot> Steps, string? NextToken) page)
    {
        json.WriteStartObject();
        json.WriteStartArray("PipelineExecutionSteps");
        foreach (var step in page.Steps)
        {
            WriteStep(json, step);
        }

        json.WriteEndArray();
        if (page.NextToken is { } next)
        {
            json.WriteString("NextToken", next);
        }

        json.WriteEndObject();
    }

    /// <summary>ListPipelineExecutionsResponse: one page of execution summaries and the token of the next, if any.</summary>
    public static void WriteExecutionsPage(Utf8JsonWriter json, (IReadOnlyList<SageMakerExecutionSnapshot> Executions, string? NextToken) page)
    {
        json.WriteStartObject();
        json.WriteStartArray("PipelineExecutionSummaries");
        foreach (var execution in page.Executions)
        {
            // PipelineExecutionSummary: StartTime is when the execution started, its creation here.
            json.WriteStartObject();
            json.WriteString("PipelineExecutionArn", execution.Arn);
            json.WriteNumber("StartTime", EpochSeconds(execution.CreationTime));
            json.WriteString("PipelineExecutionStatus", execution.Status.ToString());
            json.WriteString("PipelineExecutionDisplayName", execution.DisplayName);
            if (execution.FailureReason is { } reason)
            {
                json.WriteString("PipelineExecutionFailureReason", reason);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (page.NextToken is { } next)
        {
            json.WriteString("NextToken", next);
        }

        json.WriteEndObject();
    }

    private static void WriteStep(Utf8JsonWriter json, SageMakerStepSnapshot step)
    {
        json.WriteStartObject();
        json.WriteString("StepName", step.Name);
        json.WriteString("StepDisplayName", step.DisplayName);
        json.WriteNumber("StartTime", EpochSeconds(step.StartTime));
        if (step.EndTime is { } end)
        {
            json.WriteNumber("EndTime", EpochSeconds(end));
        }

        json.WriteString("StepStatus", step.Status.ToString());
        json.WriteNumber("AttemptCount", 1);
        if (step.FailureReason is { } reason)
        {
            json.WriteString("FailureReason", reason);
        }

        json.WriteStartObject("Metadata");
        switch (step.Kind)
        {
            case SageMakerStepKind.Callback:
                json.WriteStartObject("Callback");
                json.WriteString("CallbackToken", step.CallbackToken);
                json.WriteString("SqsQueueUrl", step.SqsQueueUrl);
                WriteParameters(json, step.OutputParameters);
                json.WriteEndObject();
                break;
            case SageMakerStepKind.Lambda:
                json.WriteStartObject("Lambda");
                json.WriteString("Arn", step.LambdaArn);
                WriteParameters(json, step.OutputParameters);
                json.WriteEndObject();
                break;
            default:
                json.WriteStartObject("ProcessingJob");
                json.WriteString("Arn", step.JobArn);
                json.WriteEndObject();
                break;
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteParameters(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        json.WriteStartArray("OutputParameters");
        foreach (var (name, value) in parameters)
        {
            json.WriteStartObject();
            json.WriteString("Name", name);
            json.WriteString("Value", value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
