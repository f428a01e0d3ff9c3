namespace CancelGateway.Providers;

/// <summary>One page of a provider's list call.</summary>
/// <param name="Runs">The runs on the page.</param>
/// <param name="NextPageToken">The provider's token for the next page, or null after the last.</param>
internal sealed record RunListPage(IReadOnlyList<RunSummary> Runs, string? NextPageToken);
