namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>
/// Where a page token resumes a listing: the sort key of the last job the previous page held (the
/// values of the order_by fields, then the name that breaks ties). The next page starts at the
/// first job after it in the same order, so jobs that stop or start matching between pages shift
/// no other job onto or off a page (AIP-158: a token resumes where the last page ended).
/// </summary>
/// <param name="Keys">The job's values of the order_by fields, in their order; null where the job has no such time.</param>
/// <param name="Name">The job's name.</param>
internal sealed record VertexListPosition(IReadOnlyList<DateTimeOffset?> Keys, string Name);
