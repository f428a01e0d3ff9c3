using System.Text.Json;

namespace CancelGateway.Emulators.CodeArts.Http;

/// <summary>The response bodies of the emulated API, field by field as the API reference lists them.</summary>
internal static class CodeArtsJson
{
    /// <summary>What the emulator knows about the caller and the instant, for the fields a detail carries beyond the run itself.</summary>
    /// <param name="Run">The run.</param>
    /// <param name="Region">The region it lives in.</param>
    /// <param name="DomainId">The account (domain) ID.</param>
    /// <param name="Now">The server's time, for <c>current_system_time</c>.</param>
    public readonly record struct DetailView(CodeArtsRunSnapshot Run, string Region, string DomainId, DateTimeOffset Now);

    /// <summary>ShowPipelineRunDetail: <c>GET /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/detail</c>.</summary>
    public static void WriteDetail(Utf8JsonWriter json, DetailView view)
    {
        var run = view.Run;
        var status = run.Status.ToWireName();
        json.WriteStartObject();
        json.WriteString("id", run.RunId);
        json.WriteString("pipeline_id", run.PipelineId);
        json.WriteString("manifest_version", "3.0");
        json.WriteString("name", run.Name);
        json.WriteString("description", string.Empty);
        json.WriteBoolean("is_publish", false);
        json.WriteString("executor_id", "0a1b2c3d4e5f60718293a4b5c6d7e8f9");
        json.WriteString("executor_name", "gateway-bot");
        json.WriteString("status", status);
        json.WriteString("trigger_type", "Manual");
        json.WriteNumber("run_number", run.RunNumber);
        json.WriteNumber("start_time", run.StartTime.ToUnixTimeMilliseconds());

        // The API has no "not yet" value for end_time; a run that has not ended reports 0.
        json.WriteNumber("end_time", run.EndTime?.ToUnixTimeMilliseconds() ?? 0);
        json.WriteStartArray("stages");
        WriteStage(json, "stage-build", "Build", 0, run, status);
        json.WriteEndArray();
        json.WriteString("domain_id", view.DomainId);
        json.WriteString("project_id", run.ProjectId);
        json.WriteString("region", view.Region);
        json.WriteString("component_id", string.Empty);
        json.WriteString("language", "en-us");
        json.WriteStartArray("sources");
        json.WriteEndArray();
        json.WriteStartArray("artifacts");
        json.WriteEndArray();
        json.WriteString("subject_id", run.RunId);
        json.WriteString("group_id", string.Empty);
        json.WriteString("group_name", string.Empty);
        json.WriteString("detail_url", $"https://devcloud.{view.Region}.huaweicloud.com/cicd/project/{run.ProjectId}/pipeline/detail/{run.PipelineId}/{run.RunId}");
        json.WriteNumber("current_system_time", view.Now.ToUnixTimeMilliseconds());
        json.WriteEndObject();
    }

    /// <summary>One page of ListPipelineRuns, with what the answer echoes.</summary>
    /// <param name="Runs">The page's runs.</param>
    /// <param name="Offset">The offset asked for.</param>
    /// <param name="Limit">The page size applied.</param>
    /// <param name="Total">How many runs match, on every page.</param>
    /// <param name="Region">The region, for the detail links.</param>
    public readonly record struct RunsPage(IReadOnlyList<CodeArtsRunSnapshot> Runs, int Offset, int Limit, int Total, string Region);

    /// <summary>ListPipelineRuns: <c>POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/list</c>.</summary>
    public static void WriteRunsPage(Utf8JsonWriter json, RunsPage page)
    {
        json.WriteStartObject();
        json.WriteNumber("offset", page.Offset);
        json.WriteNumber("limit", page.Limit);
        json.WriteNumber("total", page.Total);
        json.WriteStartArray("pipeline_runs");
        foreach (var run in page.Runs)
        {
            var status = run.Status.ToWireName();
            json.WriteStartObject();
            json.WriteString("pipeline_id", run.PipelineId);
            json.WriteString("pipeline_run_id", run.RunId);
            json.WriteString("executor_id", "0a1b2c3d4e5f60718293a4b5c6d7e8f9");
            json.WriteString("executor_name", "gateway-bot");
            json.WriteStartArray("stage_status_list");
            json.WriteStartObject();
            json.WriteString("name", "Build");
            json.WriteNumber("sequence", 0);
            json.WriteString("status", status);
            json.WriteNumber("start_time", run.StartTime.ToUnixTimeMilliseconds());
            json.WriteNumber("end_time", run.EndTime?.ToUnixTimeMilliseconds() ?? 0);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("status", status);
            json.WriteNumber("run_number", run.RunNumber);
            json.WriteString("trigger_type", "Manual");
            json.WriteNumber("start_time", run.StartTime.ToUnixTimeMilliseconds());
            json.WriteNumber("end_time", run.EndTime?.ToUnixTimeMilliseconds() ?? 0);
            json.WriteString("detail_url", $"https://devcloud.{page.Region}.huaweicloud.com/cicd/project/{run.ProjectId}/pipeline/detail/{run.PipelineId}/{run.RunId}");
            json.WriteString("modify_url", $"https://devcloud.{page.Region}.huaweicloud.com/cicd/project/{run.ProjectId}/pipeline/modify/{run.PipelineId}");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>StopPipelineRun's 200 body.</summary>
    public static void WriteStopped(Utf8JsonWriter json, bool success)
    {
        json.WriteStartObject();
        json.WriteBoolean("success", success);
        json.WriteEndObject();
    }

    private static void WriteStage(Utf8JsonWriter json, string id, string name, int sequence, CodeArtsRunSnapshot run, string status)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteNull("category");
        json.WriteString("name", name);
        json.WriteString("identifier", id);
        json.WriteString("run_always", "false");
        json.WriteBoolean("parallel", false);
        json.WriteBoolean("is_select", true);
        json.WriteNumber("sequence", sequence);
        json.WriteNull("depends_on");
        json.WriteNull("condition");
        json.WriteString("status", status);
        json.WriteNumber("start_time", run.StartTime.ToUnixTimeMilliseconds());
        json.WriteNumber("end_time", run.EndTime?.ToUnixTimeMilliseconds() ?? 0);
        json.WriteStartArray("pre");
        json.WriteEndArray();
        json.WriteStartArray("post");
        json.WriteEndArray();
        json.WriteStartArray("jobs");
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
