using CancelGateway.Providers;
using CancelGateway.V1;
using Google.LongRunning;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Operations;

/// <summary>
/// Drives a batch: sends the runs that a provider can cancel in bulk as batch requests
/// (grouped by batch scope, chunked by the provider's maximum), starts each run's own worker,
/// and keeps the batch's progress until every run is done. Polls nothing itself: the runs'
/// workers do, and this reads their snapshots from memory.
/// </summary>
internal sealed class BatchWorker(
    Operation batch,
    IReadOnlyList<RunName> runs,
    IReadOnlyList<string> children,
    IReadOnlyList<bool> created,
    bool fresh,
    ProviderWork work,
    CallerReservation? reservation,
    OperationsEngine engine,
    OperationBook book,
    ProviderRegistry providers,
    ProviderGate gate,
    RetryPolicy retry,
    EngineOptions options,
    TimeProvider time,
    ILogger logger)
{
    private Operation _batch = batch;

    // The BatchCancel RPC's span, the parent of the batch submissions' spans (none when resumed).
    private readonly System.Diagnostics.ActivityContext _trace = System.Diagnostics.Activity.Current?.Context ?? default;

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            if (fresh)
            {
                await SubmitInBulkAsync(stopping);
            }

            var started = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < children.Count; i++)
            {
                if (started.Add(children[i]))
                {
                    // Each run's share of the caller's reservation goes with its worker.
                    await engine.EnsureWorkerAsync(children[i], work, created[i] ? reservation?.Split(1) : null, stopping);
                }
            }

            while (!await RecordProgressAsync(stopping))
            {
                await Task.Delay(options.BatchProgressInterval, time, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Resumed by whichever replica claims it next (this one on its next start).
        }
        catch (LeaseLostException)
        {
            // The lease lapsed before a bulk request: the same.
            EngineLog.StoppedOnLostLease(logger, _batch.Name);
        }
        finally
        {
            reservation?.Dispose();
        }
    }

    private async Task SubmitInBulkAsync(CancellationToken stopping)
    {
        var groups = Enumerable.Range(0, runs.Count)
            .Where(i => created[i] && providers.TryGet(runs[i].Provider, out var p) && p.MaxBatchSize > 1)
            .GroupBy(i => (runs[i].Provider, Scope: providers.Get(runs[i].Provider).BatchScope(runs[i])));
        var metadata = OperationSnapshots.BatchMetadata(_batch);
        var context = new CancelContext(OperationNames.IdOf(_batch.Name), metadata.Mode, metadata.Reason, metadata.RequestedBy);
        foreach (var group in groups)
        {
            var provider = providers.Get(group.Key.Provider);
            foreach (var chunk in group.Chunk(provider.MaxBatchSize))
            {
                var chunkRuns = chunk.Select(i => runs[i]).ToList();
                if (await TrySubmitChunkAsync(provider, chunkRuns, group.Key.Scope, context, stopping))
                {
                    foreach (var index in chunk)
                    {
                        var child = await book.GetAsync(children[index], stopping);
                        if (child is { Done: false })
                        {
                            await book.SaveAsync(CancelWorker.MarkRequestedByBatch(child, time.GetUtcNow()), stopping);
                        }
                    }
                }
            }
        }
    }

    private async Task<bool> TrySubmitChunkAsync(IPipelineProvider provider, List<RunName> chunk, string scope, CancelContext context, CancellationToken stopping)
    {
        var budget = retry.For(options.BatchSubmitAttempts);
        while (true)
        {
            try
            {
                await gate.RunAsync(
                    provider.Provider,
                    work,
                    ct =>
                    {
                        engine.Lease.EnsureHeld();
                        return Telemetry.ProviderCallSpan.RunAsync("batch_submit", provider.Provider, _batch.Name, scope, _trace, async () => { await provider.RequestCancelBatchAsync(chunk, context, ct); return true; });
                    },
                    stopping);
                EngineLog.BatchSubmitted(logger, _batch.Name, provider.Provider, chunk.Count, scope);
                return true;
            }
            catch (ProviderException failure) when (budget.TryRetry(failure, out var delay))
            {
                await Task.Delay(delay, time, stopping);
            }
            catch (ProviderException failure)
            {
                // All-or-nothing failed: each run's own cancel will say which run was the problem.
                EngineLog.BatchSubmitFailed(logger, _batch.Name, chunk.Count, scope, failure.Message);
                return false;
            }
        }
    }

    /// <summary>Updates the batch from its runs' snapshots; true when it is done.</summary>
    private async Task<bool> RecordProgressAsync(CancellationToken stopping)
    {
        var metadata = OperationSnapshots.BatchMetadata(_batch);
        var changed = false;
        var results = new List<CancelRunResponse>();
        var doneCount = 0;
        for (var i = 0; i < children.Count; i++)
        {
            var child = await book.GetAsync(children[i], stopping);
            if (child is null)
            {
                continue;
            }

            var item = metadata.Items[i];
            var state = OperationSnapshots.CancelMetadata(child).State;
            if (item.State != state || item.Done != child.Done)
            {
                item.State = state;
                item.Done = child.Done;
                changed = true;
            }

            if (!child.Done)
            {
                continue;
            }

            doneCount++;
            if (child.Error is { } error)
            {
                // Keyed by the run's index in the request: runs refused before the batch was stored have no item.
                if (!metadata.FailedRequests.ContainsKey(item.Index))
                {
                    metadata.FailedRequests[item.Index] = error;
                    changed = true;
                }
            }
            else
            {
                results.Add(child.Response.Unpack<CancelRunResponse>());
            }
        }

        metadata.DoneCount = doneCount + (metadata.Total - children.Count);
        var now = time.GetUtcNow();
        if (doneCount == children.Count)
        {
            metadata.UpdateTime = OperationSnapshots.Time(now);
            metadata.EndTime = OperationSnapshots.Time(now);
            var response = new BatchCancelResponse { Results = { results } };
            response.FailedRequests.Add(metadata.FailedRequests);
            _batch = results.Count == 0
                ? OperationSnapshots.Failed(_batch, metadata, GatewayErrors.Status(GatewayError.BatchAllFailed, "None of the runs could be cancelled; see failed_requests in the metadata.", ("total", children.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                : OperationSnapshots.Succeeded(_batch, metadata, response);
            _batch = await book.SaveAsync(_batch, stopping);
            EngineLog.BatchFinished(logger, _batch.Name, results.Count, metadata.FailedRequests.Count);
            Telemetry.GatewayTelemetry.OperationDone(Telemetry.GatewayTelemetry.Mixed, "batch", results.Count == 0 ? "error" : "done");
            return true;
        }

        if (changed)
        {
            metadata.UpdateTime = OperationSnapshots.Time(now);
            _batch = await book.SaveAsync(OperationSnapshots.With(_batch, metadata), stopping);
        }

        return false;
    }
}
