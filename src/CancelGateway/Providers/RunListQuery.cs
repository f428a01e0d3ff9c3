namespace CancelGateway.Providers;

/// <summary>
/// What a list call may ask the provider to narrow by, where its API can (a Vertex AI filter,
/// SageMaker's CreatedAfter/CreatedBefore). Only a hint: the gateway applies the caller's whole
/// filter to what comes back, so an adapter that cannot narrow returns everything in the scope.
/// </summary>
/// <param name="CreatedAfter">Only runs created at or after this time.</param>
/// <param name="CreatedBefore">Only runs created before this time.</param>
/// <param name="PageSize">How many runs to ask for per page (the adapter caps it at the provider's maximum).</param>
internal sealed record RunListQuery(DateTimeOffset? CreatedAfter, DateTimeOffset? CreatedBefore, int PageSize)
{
    /// <summary>The page size to ask a provider for: <see cref="PageSize"/> capped at <paramref name="maximum"/>, or the maximum when it is not positive.</summary>
    public int PageSizeUpTo(int maximum) => PageSize > 0 ? Math.Min(PageSize, maximum) : maximum;
}
