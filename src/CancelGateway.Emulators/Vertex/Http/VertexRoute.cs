using CancelGateway.Emulators.Vertex.Runs;

namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>
/// Routing by hand from the path: Google's custom methods put the verb after a colon in the last
/// segment (<c>.../pipelineJobs/j1:cancel</c>, <c>.../pipelineJobs:batchCancel</c>, AIP-136),
/// which template routing would read as part of the ID.
/// </summary>
/// <param name="Kind">Which method.</param>
/// <param name="Resource">The <c>name</c> or <c>parent</c> the path carries (without the verb).</param>
internal readonly record struct VertexRoute(VertexRouteKind Kind, string Resource)
{
    public const string TokenPath = "/token";

    /// <summary>The RPC's full name, as Google's errors report it in ErrorInfo metadata.</summary>
    public string RpcMethod => Kind switch
    {
        VertexRouteKind.GetPipelineJob => "google.cloud.aiplatform.v1.PipelineService.GetPipelineJob",
        VertexRouteKind.ListPipelineJobs => "google.cloud.aiplatform.v1.PipelineService.ListPipelineJobs",
        VertexRouteKind.CancelPipelineJob => "google.cloud.aiplatform.v1.PipelineService.CancelPipelineJob",
        VertexRouteKind.BatchCancelPipelineJobs => "google.cloud.aiplatform.v1.PipelineService.BatchCancelPipelineJobs",
        VertexRouteKind.GetOperation => "google.longrunning.Operations.GetOperation",
        _ => string.Empty,
    };

    public static VertexRoute Parse(string method, string path)
    {
        if (path == TokenPath)
        {
            return method == "POST" ? new(VertexRouteKind.Token, string.Empty) : default;
        }

        const string Prefix = "/v1/";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return default;
        }

        var rest = path[Prefix.Length..];
        string? verb = null;
        var colon = rest.IndexOf(':', rest.LastIndexOf('/') + 1);
        if (colon >= 0)
        {
            verb = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        var segments = rest.Split('/');
        if (segments is not ["projects", var project, "locations", var location, ..]
            || !PipelineJobName.IsSegment(project) || !PipelineJobName.IsSegment(location))
        {
            return default;
        }

        var kind = (method, segments[4..], verb) switch
        {
            ("GET", ["pipelineJobs", var id], null) when PipelineJobName.IsSegment(id) => VertexRouteKind.GetPipelineJob,
            ("GET", ["pipelineJobs"], null) => VertexRouteKind.ListPipelineJobs,
            ("POST", ["pipelineJobs", var id], "cancel") when PipelineJobName.IsSegment(id) => VertexRouteKind.CancelPipelineJob,
            ("POST", ["pipelineJobs"], "batchCancel") => VertexRouteKind.BatchCancelPipelineJobs,
            ("GET", ["operations", var id], null) when PipelineJobName.IsSegment(id) => VertexRouteKind.GetOperation,
            _ => VertexRouteKind.NotFound,
        };
        return kind is VertexRouteKind.BatchCancelPipelineJobs or VertexRouteKind.ListPipelineJobs
            ? new(kind, $"projects/{project}/locations/{location}")
            : new(kind, rest);
    }
}
