using System.Globalization;
using System.Text.Json;
using CancelGateway.Emulators.Vertex.Runs;

namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>
/// The proto3 JSON mapping of the messages the emulator returns: lowerCamel field names, enums
/// as strings, timestamps as RFC 3339 in UTC with a 'Z', default values (false, empty lists)
/// left out, and <c>google.protobuf.Any</c> carrying its <c>@type</c>.
/// </summary>
internal static class VertexJson
{
    private const string TypePrefix = "type.googleapis.com/";
    private const string BatchCancelMetadataType = TypePrefix + "google.cloud.aiplatform.v1.BatchCancelPipelineJobsOperationMetadata";
    private const string BatchCancelResponseType = TypePrefix + "google.cloud.aiplatform.v1.BatchCancelPipelineJobsResponse";

    /// <summary>Timestamp with microseconds, as Google's servers render them.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static void WriteEmpty(Utf8JsonWriter json, object? state)
    {
        json.WriteStartObject();
        json.WriteEndObject();
    }

    public static void WritePipelineJob(Utf8JsonWriter json, VertexRunSnapshot job) => WritePipelineJob(json, job, VertexReadMask.All);

    /// <summary>ListPipelineJobsResponse: the page's jobs (with the fields the read mask names) and the next page's token.</summary>
    public static void WriteListPage(Utf8JsonWriter json, (IReadOnlyList<VertexRunSnapshot> Jobs, VertexReadMask Mask, string? NextPageToken) page)
    {
        json.WriteStartObject();
        if (page.Jobs.Count > 0)
        {
            json.WriteStartArray("pipelineJobs");
            foreach (var job in page.Jobs)
            {
                WritePipelineJob(json, job, page.Mask);
            }

            json.WriteEndArray();
        }

        if (page.NextPageToken is { } next)
        {
            json.WriteString("nextPageToken", next);
        }

        json.WriteEndObject();
    }

    private static void WritePipelineJob(Utf8JsonWriter json, VertexRunSnapshot job, VertexReadMask mask)
    {
        json.WriteStartObject();
        if (mask.Includes("name"))
        {
            json.WriteString("name", job.Name);
        }

        if (mask.Includes("displayName"))
        {
            json.WriteString("displayName", job.DisplayName);
        }

        if (mask.Includes("createTime"))
        {
            json.WriteString("createTime", Timestamp(job.CreateTime));
        }

        if (job.StartTime is { } start && mask.Includes("startTime"))
        {
            json.WriteString("startTime", Timestamp(start));
        }

        if (job.EndTime is { } end && mask.Includes("endTime"))
        {
            json.WriteString("endTime", Timestamp(end));
        }

        if (mask.Includes("updateTime"))
        {
            json.WriteString("updateTime", Timestamp(job.UpdateTime));
        }

        if (mask.Includes("pipelineSpec"))
        {
            // Only the part of the (KFP IR) spec the emulator models: pipelineInfo.name.
            json.WriteStartObject("pipelineSpec");
            json.WriteStartObject("pipelineInfo");
            json.WriteString("name", job.PipelineName);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        if (mask.Includes("state"))
        {
            json.WriteString("state", job.State.ToWireName());
        }

        if (job.ErrorCode is { } code && mask.Includes("error"))
        {
            // PipelineJob.error is only populated when the state is FAILED or CANCELLED.
            json.WriteStartObject("error");
            json.WriteNumber("code", code);
            json.WriteString("message", job.ErrorMessage);
            json.WriteEndObject();
        }

        if (job.Labels.Count > 0 && mask.Includes("labels"))
        {
            json.WriteStartObject("labels");
            foreach (var (key, value) in job.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>google.longrunning.Operation of a batchCancel; <c>done</c> is left out while false, as proto3 JSON does.</summary>
    public static void WriteOperation(Utf8JsonWriter json, BatchCancelOperationSnapshot operation)
    {
        json.WriteStartObject();
        json.WriteString("name", operation.Name);
        json.WriteStartObject("metadata");
        json.WriteString("@type", BatchCancelMetadataType);
        json.WriteStartObject("genericMetadata");
        json.WriteString("createTime", Timestamp(operation.CreateTime));
        json.WriteString("updateTime", Timestamp(operation.UpdateTime));
        json.WriteEndObject();
        json.WriteEndObject();
        if (operation.Done)
        {
            json.WriteBoolean("done", true);
            json.WriteStartObject("response");
            json.WriteString("@type", BatchCancelResponseType);
            if (operation.Jobs.Count > 0)
            {
                json.WriteStartArray("pipelineJobs");
                foreach (var job in operation.Jobs)
                {
                    WritePipelineJob(json, job);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>Google's HTTP error body: google.rpc.Status with the HTTP code, ErrorInfo always, BadRequest for field errors.</summary>
    public static void WriteError(Utf8JsonWriter json, VertexApiException error)
    {
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteNumber("code", error.HttpStatus);
        json.WriteString("message", error.Message);
        json.WriteString("status", error.Status);
        json.WriteStartArray("details");
        json.WriteStartObject();
        json.WriteString("@type", TypePrefix + "google.rpc.ErrorInfo");
        json.WriteString("reason", error.Reason);
        json.WriteString("domain", error.Domain);
        json.WriteStartObject("metadata");
        foreach (var (key, value) in error.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        if (error.FieldViolations.Count > 0)
        {
            json.WriteStartObject();
            json.WriteString("@type", TypePrefix + "google.rpc.BadRequest");
            json.WriteStartArray("fieldViolations");
            foreach (var (field, description) in error.FieldViolations)
            {
                json.WriteStartObject();
                json.WriteString("field", field);
                json.WriteString("description", description);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
