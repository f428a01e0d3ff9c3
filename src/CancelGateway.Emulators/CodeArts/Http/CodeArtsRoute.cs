namespace CancelGateway.Emulators.CodeArts.Http;

/// <summary>Routing by hand from the method, path and query.</summary>
/// <param name="Kind">Which method.</param>
/// <param name="ProjectId">The path's project_id.</param>
/// <param name="PipelineId">The path's pipeline_id.</param>
/// <param name="RunId">The run: from the path for a stop, from <c>pipeline_run_id</c> for a detail (empty when missing).</param>
internal readonly record struct CodeArtsRoute(CodeArtsRouteKind Kind, string ProjectId, string PipelineId, string RunId)
{
    public const string TokenPath = "/v3/auth/tokens";

    public static CodeArtsRoute Parse(string method, string path, string? runIdQuery)
    {
        if (path == TokenPath)
        {
            return method == "POST" ? new(CodeArtsRouteKind.Token, string.Empty, string.Empty, string.Empty) : default;
        }

        var segments = path.Split('/');
        return (method, segments) switch
        {
            ("POST", ["", "v5", var project, "api", "pipelines", var pipeline, "pipeline-runs", var run, "stop"])
                when IsId(project) && IsId(pipeline) && IsId(run) => new(CodeArtsRouteKind.StopPipelineRun, project, pipeline, run),
            ("POST", ["", "v5", var project, "api", "pipelines", var pipeline, "pipeline-runs", "list"])
                when IsId(project) && IsId(pipeline) => new(CodeArtsRouteKind.ListPipelineRuns, project, pipeline, string.Empty),
            ("GET", ["", "v5", var project, "api", "pipelines", var pipeline, "pipeline-runs", "detail"])
                when IsId(project) && IsId(pipeline) => new(CodeArtsRouteKind.ShowPipelineRunDetail, project, pipeline, runIdQuery ?? string.Empty),
            _ => default,
        };
    }

    /// <summary>IDs are alphanumerics (32 of them in real accounts; any length is routed, and then not found).</summary>
    public static bool IsId(string segment) => segment.Length is > 0 and <= 64 && segment.All(char.IsAsciiLetterOrDigit);
}
