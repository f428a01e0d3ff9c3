using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.Vertex.Http;

/// <content>pipelineJobs.list.</content>
internal sealed partial class VertexRequestHandler
{
    /// <summary>
    /// <c>GET /v1/{parent}/pipelineJobs</c>: the parent's jobs that pass the filter, in the asked
    /// order (newest first by default), one page at a time. The query is checked before the parent
    /// is read, so a bad filter is INVALID_ARGUMENT whatever the parent holds.
    /// </summary>
    private async Task ListPipelineJobsAsync(HttpContext context, VertexRoute route)
    {
        var query = VertexListQuery.Parse(route.Resource, context.Request.Query);
        var matching = query.Sort(store.List(route.Resource).Where(query.Filter.Matches)).ToList();
        var page = matching.Skip(query.Offset).Take(query.PageSize).ToList();
        var end = query.Offset + page.Count;
        var next = end < matching.Count ? query.TokenAt(end) : null;
        VertexLog.Listed(logger, route.Resource, page.Count, matching.Count);
        await JsonResponse.WriteAsync<(IReadOnlyList<VertexRunSnapshot>, VertexReadMask, string?)>(
            context.Response, StatusCodes.Status200OK, (page, query.ReadMask, next), VertexJson.WriteListPage);
    }
}
