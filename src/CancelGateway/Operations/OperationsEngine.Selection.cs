using System.Globalization;
using Grpc.Core;
using CancelGateway.Providers;
using CancelGateway.Selection;
using CancelGateway.Storage;
using CancelGateway.V1;
using Google.LongRunning;

namespace CancelGateway.Operations;

/// <content>CancelMatching: list the scopes, apply the filter and the caller's policy, then store a dry run or cancel as a batch.</content>
internal sealed partial class OperationsEngine
{
    /// <summary>
    /// Lists the selector's scopes (through the provider gates), keeps the runs the filter
    /// matches and the caller's policy covers, and either stores a done dry-run operation that
    /// lists them with a selection_token, or cancels them through the batch path (joins, request
    /// ids, per-run results). With a token, only the runs it pinned that still match are
    /// cancelled; the others are reported out of scope, and new matches are only counted.
    /// </summary>
    /// <remarks>More selected runs than <see cref="MatchingRequest.MaxRuns"/> fails with TOO_MANY_MATCHES before anything is stored.</remarks>
    public async Task<MatchingAdmission> CancelMatchingAsync(MatchingRequest request, CancellationToken cancellationToken)
    {
        var claim = request.RequestId is null ? null : new RequestIdClaim(request.RequestId, Fingerprint(request), request.RequestIdScope);
        if (claim is not null && await _book.Store.FindRequestIdAsync(claim.Key, cancellationToken) is { } seen)
        {
            return new MatchingAdmission(await ReplayAsync(seen, claim, cancellationToken), CreateKind.Replayed, [], []);
        }

        var pinned = request.SelectionToken is { } token ? await ReadPinnedAsync(token, request, cancellationToken) : null;
        var work = new ProviderWork(request.Caller, WorkLane.Interactive);
        var listed = await _lister.ListAsync(request.Selector, work, cancellationToken);
        var matching = listed.Where(request.Selector.Matches).ToList();
        var visible = matching.Where(run => request.Covers(run.Name.Text)).ToDictionary(run => run.Name.Text, StringComparer.Ordinal);
        var selection = new RunSelection
        {
            Scopes = { request.Selector.Scopes.Select(scope => scope.Text) },
            Filter = request.Selector.Filter,
            DryRun = request.DryRun,
            SelectionToken = request.SelectionToken ?? string.Empty,
            Listed = listed.Count,
            NotPermitted = matching.Count - visible.Count,
        };

        List<RunSummary> selected;
        if (pinned is null)
        {
            selected = [.. visible.Values.OrderBy(run => run.Name.Text, StringComparer.Ordinal)];
        }
        else
        {
            selected = [.. pinned.Where(visible.ContainsKey).Select(name => visible[name])];
            var byName = listed.ToDictionary(run => run.Name.Text, StringComparer.Ordinal);
            selection.OutOfScope.Add(pinned.Where(name => !visible.ContainsKey(name)).Select(name => OutOfScope(name, byName)));
            var pinnedSet = pinned.ToHashSet(StringComparer.Ordinal);
            selection.NewMatchesNotAdded = visible.Keys.Count(name => !pinnedSet.Contains(name));
        }

        selection.Matched = selected.Count;
        if (selected.Count > request.MaxRuns)
        {
            throw GatewayErrors.Status(GatewayError.TooManyMatches,
                $"{selected.Count} runs match, more than {request.MaxRunsSource} allows ({request.MaxRuns}); nothing was cancelled. Narrow the filter, or raise max_runs.",
                ("matched", selected.Count.ToString(CultureInfo.InvariantCulture)),
                ("max_runs", request.MaxRuns.ToString(CultureInfo.InvariantCulture))).ToRpcException();
        }

        if (request.DryRun || selected.Count == 0)
        {
            var done = await StoreDoneSelectionAsync(request, selection, request.DryRun ? selected : [], claim, cancellationToken);
            return new MatchingAdmission(done.Batch, done.Kind, [.. selected.Select(run => run.Name.Text)], []);
        }

        var runs = selected.Select(run => run.Name).ToList();
        var refused = new Dictionary<int, Google.Rpc.Status>();
        for (var i = 0; i < runs.Count; i++)
        {
            if (request.Refusal(runs[i].Text) is { } refusal)
            {
                refused[i] = refusal;
            }
        }

        if (refused.Count == runs.Count)
        {
            throw refused[0].ToRpcException();
        }

        var admission = await AdmitBatchAsync(runs, refused, claim, request.Reason, request.Mode, request.RequestedBy, request.Caller, selection, cancellationToken);
        return new MatchingAdmission(
            admission.Operation,
            admission.Kind,
            [.. Enumerable.Range(0, runs.Count).Where(i => !refused.ContainsKey(i)).Select(i => runs[i].Text)],
            [.. refused.Keys.Order().Select(i => runs[i].Text)]);
    }

    /// <summary>What a request id is checked against: the whole request but the reason, as for BatchCancel.</summary>
    private static string Fingerprint(MatchingRequest request) =>
        string.Join('\n',
            "matching",
            ((int)Normalize(request.Mode)).ToString(CultureInfo.InvariantCulture),
            request.DryRun ? "dry" : "real",
            request.MaxRuns.ToString(CultureInfo.InvariantCulture),
            request.SelectionToken ?? string.Empty,
            request.Selector.Filter,
            string.Join('\u001f', request.Selector.Scopes.Select(scope => scope.Text)));

    private static OutOfScopeRun OutOfScope(string name, Dictionary<string, RunSummary> listed)
    {
        if (!listed.TryGetValue(name, out var run))
        {
            return new OutOfScopeRun { Name = name, Why = OutOfScopeRun.Types.Why.NotListed };
        }

        return new OutOfScopeRun
        {
            Name = name,
            State = run.State,
            ProviderState = run.ProviderState,
            Why = RunStates.IsTerminal(run.State) ? OutOfScopeRun.Types.Why.Ended : OutOfScopeRun.Types.Why.NoLongerMatches,
        };
    }

    /// <summary>
    /// The runs a selection_token pins, after checking it against the stored dry run: the
    /// caller's own, of the same scopes and filter, the digest over the stored runs, not expired.
    /// </summary>
    private async Task<List<string>> ReadPinnedAsync(string token, MatchingRequest request, CancellationToken cancellationToken)
    {
        // Unknown, malformed and another caller's tokens get the same answer: a token reveals nothing.
        var invalid = GatewayErrors.Status(GatewayError.InvalidSelectionToken, "selection_token is not a token this caller got from a dry run (CancelMatching with dry_run); run the dry run again.");
        if (!SelectionToken.TryRead(token, out var dryRunName)
            || await _book.GetAsync(dryRunName, cancellationToken) is not { Done: true } dryRun
            || !dryRun.Metadata.TryUnpack<BatchCancelOperationMetadata>(out var metadata)
            || metadata.Selection is not { DryRun: true } selection
            || metadata.RequestedBy != request.RequestedBy
            || dryRun.Response?.TryUnpack<BatchCancelResponse>(out var response) != true)
        {
            throw invalid.ToRpcException();
        }

        var scopes = request.Selector.Scopes.Select(scope => scope.Text).ToList();
        if (!selection.Scopes.SequenceEqual(scopes, StringComparer.Ordinal) || selection.Filter != request.Selector.Filter)
        {
            throw GatewayErrors.Status(GatewayError.SelectionTokenMismatch,
                $"selection_token pins the runs of another selection (dry run {dryRunName}); send the same scopes and filter as that dry run, or run a new dry run.",
                ("operation", dryRunName)).ToRpcException();
        }

        var pinned = response!.Matches.Select(match => match.Name).ToList();
        if (!SelectionToken.Pins(token, dryRunName, request.RequestedBy, scopes, request.Selector.Filter, pinned))
        {
            throw invalid.ToRpcException();
        }

        if (metadata.CreateTime.ToDateTimeOffset() + _options.SelectionTokenLifetime < _time.GetUtcNow())
        {
            throw GatewayErrors.Status(GatewayError.SelectionTokenExpired,
                $"selection_token of dry run {dryRunName} has expired (it is valid for {_options.SelectionTokenLifetime}, Engine:SelectionTokenLifetime); run the dry run again.",
                ("operation", dryRunName)).ToRpcException();
        }

        return pinned;
    }

    /// <summary>Stores a CancelMatching that is done at once: a dry run (with its matches and token), or a request that selected nothing.</summary>
    private async Task<BatchCreateOutcome> StoreDoneSelectionAsync(MatchingRequest request, RunSelection selection, List<RunSummary> matches, RequestIdClaim? claim, CancellationToken cancellationToken)
    {
        var name = OperationNames.New();
        var now = OperationSnapshots.Time(_time.GetUtcNow());
        var response = new BatchCancelResponse();
        if (request.DryRun)
        {
            var scopes = request.Selector.Scopes.Select(scope => scope.Text).ToList();
            selection.SelectionToken = SelectionToken.Issue(name, request.RequestedBy, scopes, request.Selector.Filter, matches.Select(run => run.Name.Text));
            response.SelectionToken = selection.SelectionToken;
            response.Matches.Add(matches.Select(run => new RunMatch
            {
                Name = run.Name.Text,
                Provider = run.Name.Provider,
                State = run.State,
                ProviderState = run.ProviderState,
                CreateTime = run.CreateTime is { } created ? OperationSnapshots.Time(created) : null,
            }));
        }

        var metadata = new BatchCancelOperationMetadata
        {
            CreateTime = now,
            UpdateTime = now,
            EndTime = now,
            Mode = Normalize(request.Mode),
            Reason = request.Reason,
            RequestedBy = request.RequestedBy,
            Selection = selection,
        };
        var done = OperationSnapshots.Succeeded(new Operation { Name = name }, metadata, response);
        var outcome = await _book.Store.CreateBatchAsync([], (_, _) => done, claim, cancellationToken);
        if (outcome.Kind == CreateKind.Replayed)
        {
            return outcome with { Batch = await ReplayAsync(new RequestIdRecord(outcome.Batch.Name, outcome.ReplayedFingerprint!), claim, cancellationToken) };
        }

        _book.Track(outcome.Batch);
        EngineLog.SelectionStored(_logger, outcome.Batch.Name, request.DryRun, matches.Count, selection.Listed);
        return outcome;
    }
}
