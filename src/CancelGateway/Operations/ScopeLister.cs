using System.Globalization;
using Grpc.Core;
using CancelGateway.Providers;
using CancelGateway.Selection;

namespace CancelGateway.Operations;

/// <summary>
/// Reads every run of a selector's scopes, page by page, through the provider's
/// <see cref="ProviderGate"/>: list calls count against the provider's rate and concurrency cap
/// like cancels and polls, and wait in the caller's lane. Transient failures of a page are
/// retried (<see cref="EngineOptions.ListPageAttempts"/>); what is left fails the request with
/// the provider's status. Scopes are listed side by side; each scope's pages one after another.
/// </summary>
internal sealed class ScopeLister(ProviderRegistry providers, ProviderGate gate, RetryPolicy retry, EngineOptions options, TimeProvider time)
{
    /// <summary>Every run the scopes hold within the selector's create_time bounds, each once (by name), with the first listing's view of it.</summary>
    public async Task<IReadOnlyList<RunSummary>> ListAsync(RunSelector selector, ProviderWork work, CancellationToken cancellationToken)
    {
        var perScope = await Task.WhenAll(selector.Scopes.Select(scope => ListScopeAsync(scope, selector, work, cancellationToken)));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var runs = new List<RunSummary>();
        foreach (var run in perScope.SelectMany(scopeRuns => scopeRuns))
        {
            // Overlapping scopes (or a provider listing a run on two pages while it pages) list a run twice.
            if (seen.Add(run.Name.Text))
            {
                runs.Add(run);
            }
        }

        return runs;
    }

    /// <summary>The adapter that lists the scope's runs; FAILED_PRECONDITION when there is none.</summary>
    public IRunLister ListerOf(RunScope scope)
    {
        if (!providers.TryGet(scope.Provider, out _))
        {
            throw GatewayErrors.Status(GatewayError.ProviderNotConfigured,
                $"This gateway has no {ProviderNames.Of(scope.Provider)} adapter configured, so it cannot list {scope.Text}.",
                ("provider", ProviderNames.Of(scope.Provider)),
                ("scope", scope.Text)).ToRpcException();
        }

        return providers.TryGetLister(scope.Provider, out var lister) ? lister : throw GatewayErrors.Status(GatewayError.ListingNotSupported,
            $"This gateway's {ProviderNames.Of(scope.Provider)} adapter cannot list runs, so {scope.Text} cannot be searched.",
            ("provider", ProviderNames.Of(scope.Provider)),
            ("scope", scope.Text)).ToRpcException();
    }

    private async Task<List<RunSummary>> ListScopeAsync(RunScope scope, RunSelector selector, ProviderWork work, CancellationToken cancellationToken)
    {
        var lister = ListerOf(scope);
        var query = new RunListQuery(selector.CreatedAfter, selector.CreatedBefore, lister.MaxPageSize);
        var runs = new List<RunSummary>();

        // Pages may come back short or empty (a provider filtering as it pages): the bound on pages
        // keeps a provider that never stops handing out tokens from keeping the request listing.
        var maxPages = (2 * options.MaxListedRunsPerScope / Math.Max(1, lister.MaxPageSize)) + 10;
        var pages = 0;
        string? pageToken = null;
        do
        {
            var page = await ListPageAsync(lister, scope, query, pageToken, work, cancellationToken);
            pages++;
            foreach (var run in page.Runs)
            {
                // A provider can narrow only by what its API offers: the scope is checked here too.
                if (scope.Contains(run.Name))
                {
                    runs.Add(run);
                }
            }

            if (runs.Count > options.MaxListedRunsPerScope || pages > maxPages)
            {
                var limit = options.MaxListedRunsPerScope.ToString(CultureInfo.InvariantCulture);
                throw GatewayErrors.Status(GatewayError.ScopeTooLarge,
                    $"{scope.Text} holds more than {limit} runs within the filter's create_time bounds (Engine:MaxListedRunsPerScope), or its listing did not end within {maxPages} pages; narrow the filter by create_time.",
                    ("scope", scope.Text),
                    ("limit", limit)).ToRpcException();
            }

            pageToken = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (pageToken is not null);

        return runs;
    }

    private async Task<RunListPage> ListPageAsync(IRunLister lister, RunScope scope, RunListQuery query, string? pageToken, ProviderWork work, CancellationToken cancellationToken)
    {
        var budget = retry.For(options.ListPageAttempts);
        while (true)
        {
            try
            {
                return await gate.RunAsync(scope.Provider, work, ct => lister.ListRunsAsync(scope, query, pageToken, ct), cancellationToken);
            }
            catch (ProviderException failure) when (budget.TryRetry(failure, out var delay))
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (ProviderException failure)
            {
                throw ProviderErrors.ToStatus(failure, scope.Text).ToRpcException();
            }
        }
    }
}
