using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.Vertex.Http;

/// <content>pipelineJobs.list.</content>
internal sealed partial class VertexRequestHandler
{
    /// <summary>
    /// <c>GET /v1/{parent}/pipelineJobs</c>: the parent's jobs that pass the filter, in the asked
    /// order (newest first by default), one page at a time. The query is checked before the parent
    /// is read, so a bad filter is INVALID_ARGUMENT whatever the parent holds. In creation order
    /// (the default, and what clients page by) the store walks only the page from the token's
    /// position, as a real service serves a page in about its latency whatever the parent holds;
    /// other orders sort the parent's matching jobs, and both resume after the token's position.
    /// </summary>
    private async Task ListPipelineJobsAsync(HttpContext context, VertexRoute route)
    {
        var query = VertexListQuery.Parse(route.Resource, context.Request.Query);

        // One job more than the page holds says whether a next page exists.
        var found = query.IsCreationOrder(out var descending)
            ? store.ListInCreationOrder(route.Resource, descending, query.IsPastToken, query.Filter.Matches, query.PageSize + 1)
            : [.. query.Sort(store.List(route.Resource).Where(query.Filter.Matches)).Where(query.IsPastToken).Take(query.PageSize + 1)];
        var page = found.Take(query.PageSize).ToList();
        var next = found.Count > query.PageSize ? query.TokenAfter(page[^1]) : null;
        VertexLog.Listed(logger, route.Resource, page.Count, next is not null);
        await JsonResponse.WriteAsync<(IReadOnlyList<VertexRunSnapshot>, VertexReadMask, string?)>(
            context.Response, StatusCodes.Status200OK, (page, query.ReadMask, next), VertexJson.WriteListPage);
    }
}
