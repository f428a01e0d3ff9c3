using CancelGateway.Providers;

namespace CancelGateway.Selection;

/// <summary>
/// What a CancelMatching request selects: the scopes to list and the filter to apply to every
/// listed run. The engine needs only the filter's predicate and the create_time bounds it may
/// push down to the providers; the filter language itself stays in the API layer.
/// </summary>
/// <param name="Scopes">The scopes, parsed, in request order (no duplicates).</param>
/// <param name="Filter">The filter as the caller wrote it (part of the selection's identity).</param>
/// <param name="Matches">Whether a listed run matches the filter.</param>
/// <param name="CreatedAfter">A lower create_time bound implied by the filter, if any.</param>
/// <param name="CreatedBefore">An upper create_time bound implied by the filter, if any.</param>
internal sealed record RunSelector(
    IReadOnlyList<RunScope> Scopes,
    string Filter,
    Func<RunSummary, bool> Matches,
    DateTimeOffset? CreatedAfter,
    DateTimeOffset? CreatedBefore);
