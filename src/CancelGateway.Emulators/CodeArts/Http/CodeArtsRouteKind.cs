namespace CancelGateway.Emulators.CodeArts.Http;

/// <summary>The emulated methods.</summary>
internal enum CodeArtsRouteKind
{
    /// <summary>No such API (APIG.0101).</summary>
    NotFound,

    /// <summary><c>POST /v3/auth/tokens</c> (IAM).</summary>
    Token,

    /// <summary><c>POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/{pipeline_run_id}/stop</c>.</summary>
    StopPipelineRun,

    /// <summary><c>GET /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/detail?pipeline_run_id=…</c>.</summary>
    ShowPipelineRunDetail,

    /// <summary><c>POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/list</c>.</summary>
    ListPipelineRuns,
}
