using Grpc.Core;
using CancelGateway.Providers;
using CancelGateway.Storage;
using CancelGateway.V1;
using Google.LongRunning;

namespace CancelGateway.Operations;

/// <content>The requests the services make of the engine.</content>
internal sealed partial class OperationsEngine
{
    /// <summary>
    /// Accepts the cancellation of <paramref name="run"/>: stores it (or joins the one in flight,
    /// or replays the request id) and, for a new one, waits a little for the provider's first
    /// answer so that immediate failures (NOT_FOUND, PERMISSION_DENIED) reach the caller now.
    /// </summary>
    /// <remarks>Request ids are scoped by <c>requestIdScope</c> (the principal; null for anonymous callers).</remarks>
    public async Task<Admission> CancelAsync(RunName run, string? requestId, string reason, CancelMode mode, string requestedBy, string? requestIdScope, CallerKey caller, CancellationToken cancellationToken)
    {
        var claim = requestId is null ? null : new RequestIdClaim(requestId, $"cancel|{run.Text}|{(int)Normalize(mode)}", requestIdScope);
        if (claim is not null && await _book.Store.FindRequestIdAsync(claim.Key, cancellationToken) is { } seen)
        {
            return new Admission(await ReplayAsync(seen, claim, cancellationToken), CreateKind.Replayed);
        }

        using var reservation = Reserve(caller, 1);
        var work = new ProviderWork(caller, WorkLane.Interactive);
        var now = OperationSnapshots.Time(_time.GetUtcNow());
        var metadata = new CancelOperationMetadata
        {
            Run = run.Text,
            Provider = run.Provider,
            CreateTime = now,
            UpdateTime = now,
            Mode = Normalize(mode),
            Reason = reason,
            RequestedBy = requestedBy,
        };
        var outcome = await _book.Store.CreateCancelAsync(new NewCancel(run.Text, OperationSnapshots.Pending(OperationNames.New(), metadata), claim), cancellationToken);
        switch (outcome.Kind)
        {
            case CreateKind.Replayed:
                // The same request id arrived concurrently and the other request stored first.
                return new Admission(await ReplayAsync(new RequestIdRecord(outcome.Operation.Name, outcome.ReplayedFingerprint!), claim, cancellationToken), CreateKind.Replayed);
            case CreateKind.Joined:
                await NoteJoinAsync(outcome.Operation.Name, Normalize(mode) == CancelMode.Force, cancellationToken);
                return new Admission(await _book.GetAsync(outcome.Operation.Name, cancellationToken) ?? outcome.Operation, CreateKind.Joined);
        }

        Hold(outcome.Operation.Name);
        _book.Track(outcome.Operation);
        EngineLog.Accepted(_logger, outcome.Operation.Name, run.Text, run.Provider);
        Telemetry.GatewayTelemetry.OperationCreated(ProviderNames.Of(run.Provider), "cancel");
        var worker = await EnsureWorkerAsync(outcome.Operation.Name, work, reservation.Split(1), cancellationToken);
        if (worker is null)
        {
            return new Admission(outcome.Operation, CreateKind.Created);
        }

        try
        {
            return new Admission(await worker.FirstAnswer.WaitAsync(_options.FirstAttemptWait, _time, cancellationToken), CreateKind.Created);
        }
        catch (TimeoutException)
        {
            return new Admission(await _book.GetAsync(outcome.Operation.Name, CancellationToken.None) ?? outcome.Operation, CreateKind.Created);
        }
    }

    /// <summary>Accepts a batch: one stored transaction for the batch and every run's cancel operation.</summary>
    /// <remarks>
    /// <c>runs</c> is every run the request named, in request order; <c>refused</c> the ones
    /// refused before anything was stored, by request index, with why: they are reported in
    /// failed_requests and not cancelled.
    /// </remarks>
    public async Task<Admission> BatchCancelAsync(IReadOnlyList<RunName> runs, IReadOnlyDictionary<int, Google.Rpc.Status> refused, string? requestId, string reason, CancelMode mode, string requestedBy, string? requestIdScope, CallerKey caller, CancellationToken cancellationToken)
    {
        var claim = requestId is null ? null : new RequestIdClaim(requestId, $"batch|{(int)Normalize(mode)}|{string.Join('\n', runs.Select(r => r.Text))}", requestIdScope);
        if (claim is not null && await _book.Store.FindRequestIdAsync(claim.Key, cancellationToken) is { } seen)
        {
            return new Admission(await ReplayAsync(seen, claim, cancellationToken), CreateKind.Replayed);
        }

        var allowed = Enumerable.Range(0, runs.Count).Where(i => !refused.ContainsKey(i)).ToList();
        using var reservation = Reserve(caller, allowed.Count);
        var work = new ProviderWork(caller, WorkLane.Batch);
        var now = OperationSnapshots.Time(_time.GetUtcNow());
        var children = allowed.Select(i => runs[i]).Select(run => new NewCancel(run.Text, OperationSnapshots.Pending(OperationNames.New(), new CancelOperationMetadata
        {
            Run = run.Text,
            Provider = run.Provider,
            CreateTime = now,
            UpdateTime = now,
            Mode = Normalize(mode),
            Reason = reason,
            RequestedBy = requestedBy,
        }))).ToList();
        var batchName = OperationNames.New();
        var outcome = await _book.Store.CreateBatchAsync(
            children,
            (names, created) =>
            {
                var metadata = new BatchCancelOperationMetadata
                {
                    Total = runs.Count,
                    CreateTime = now,
                    UpdateTime = now,
                    Mode = Normalize(mode),
                    Reason = reason,
                    RequestedBy = requestedBy,
                };
                for (var k = 0; k < allowed.Count; k++)
                {
                    metadata.Items.Add(new BatchCancelItem { Index = allowed[k], Run = runs[allowed[k]].Text, Operation = names[k] });
                }

                foreach (var (index, status) in refused)
                {
                    metadata.FailedRequests[index] = status;
                }

                metadata.DoneCount = refused.Count;

                return OperationSnapshots.Pending(batchName, metadata);
            },
            claim,
            cancellationToken);
        if (outcome.Kind == CreateKind.Replayed)
        {
            return new Admission(await ReplayAsync(new RequestIdRecord(outcome.Batch.Name, outcome.ReplayedFingerprint!), claim, cancellationToken), CreateKind.Replayed);
        }

        for (var i = 0; i < children.Count; i++)
        {
            if (outcome.Created[i])
            {
                Hold(children[i].Operation.Name);
                _book.Track(children[i].Operation);
                Telemetry.GatewayTelemetry.OperationCreated(ProviderNames.Of(runs[i].Provider), "cancel");
            }
            else
            {
                await NoteJoinAsync(outcome.ChildNames[i], Normalize(mode) == CancelMode.Force, cancellationToken);
            }
        }

        Hold(outcome.Batch.Name);
        _book.Track(outcome.Batch);
        var created = outcome.Created.Count(c => c);
        EngineLog.BatchAccepted(_logger, outcome.Batch.Name, runs.Count, created);
        Telemetry.GatewayTelemetry.OperationCreated(Telemetry.GatewayTelemetry.Mixed, "batch");
        // The runs that joined a cancellation in flight add no work; the rest go with the batch.
        StartBatch(outcome.Batch, work, reservation.Split(created), fresh: true, outcome.Created);
        return new Admission(outcome.Batch, CreateKind.Created);
    }

    public Task<Operation?> GetAsync(string name, CancellationToken cancellationToken) => _book.GetAsync(name, cancellationToken);

    /// <summary>A page of stored operations, oldest first (see <see cref="IOperationStore.ListAsync"/>).</summary>
    public Task<OperationPage> ListAsync(OperationFilter filter, int pageSize, long afterSequence, long maxBytes, CancellationToken cancellationToken) =>
        _book.Store.ListAsync(filter, pageSize, afterSequence, maxBytes, cancellationToken);

    /// <summary>Deletes a done operation and forgets its snapshot.</summary>
    public async Task<DeleteOutcome> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        bool deleted;
        try
        {
            deleted = await _book.Store.DeleteAsync(name, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return DeleteOutcome.NotDone;
        }

        if (!deleted)
        {
            return DeleteOutcome.NotFound;
        }

        _book.Forget(name);
        return DeleteOutcome.Deleted;
    }

    /// <summary>The run's latest cancel operation, or null when it has none.</summary>
    public async Task<Operation?> FindLatestForRunAsync(string run, CancellationToken cancellationToken) =>
        await _book.Store.FindLatestForRunAsync(run, cancellationToken) is { } name ? await _book.GetAsync(name, cancellationToken) : null;

    private async Task<Operation> ReplayAsync(RequestIdRecord seen, RequestIdClaim? claim, CancellationToken cancellationToken)
    {
        if (claim is not null && seen.Fingerprint != claim.Fingerprint)
        {
            throw GatewayErrors.Status(GatewayError.RequestIdReused,
                $"request_id '{claim.RequestId}' was already used for a different request (operation {seen.OperationName}); use a new request_id for a new request.",
                ("request_id", claim.RequestId),
                ("operation", seen.OperationName)).ToRpcException();
        }

        return await _book.GetAsync(seen.OperationName, cancellationToken)
            ?? throw GatewayErrors.Status(GatewayError.OperationNotFound, $"The operation of this request_id ({seen.OperationName}) has been deleted.", ("operation", seen.OperationName), ("request_id", claim?.RequestId ?? string.Empty)).ToRpcException();
    }

    private static CancelMode Normalize(CancelMode mode) => mode == CancelMode.Unspecified ? CancelMode.Graceful : mode;
}
