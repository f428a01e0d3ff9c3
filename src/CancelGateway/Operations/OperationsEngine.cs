using System.Collections.Concurrent;
using CancelGateway.Providers;
using CancelGateway.Storage;
using Google.LongRunning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Operations;

/// <summary>
/// Accepts cancellations (stored before any provider is called), runs one worker per
/// operation in flight, resumes unfinished operations on start, and serves their snapshots.
/// Workers run on the engine's own lifetime token: no RPC's token ever reaches them.
/// </summary>
internal sealed partial class OperationsEngine : IHostedService, IDisposable
{
    private readonly OperationBook _book;
    private readonly IOperationLeases _leases;
    private readonly LeaseHolder _lease;
    private readonly ProviderRegistry _providers;
    private readonly ProviderGate _gate;
    private readonly RetryPolicy _retry;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OperationsEngine> _logger;
    private readonly CallerLedger _ledger;
    private readonly ScopeLister _lister;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Lazy<CancelWorker?>> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    public OperationsEngine(OperationBook book, IOperationLeases leases, ProviderRegistry providers, ProviderGate gate, IOptions<EngineOptions> options, TimeProvider time, ILogger<OperationsEngine> logger)
    {
        _book = book;
        _leases = leases;
        _lease = new LeaseHolder(time);
        _epoch = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _providers = providers;
        _gate = gate;
        _options = options.Value;
        _retry = new RetryPolicy(_options, time);
        _ledger = new CallerLedger(_options);
        _lister = new ScopeLister(providers, gate, _retry, _options, time);
        _time = time;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _book.Store.InitializeAsync(cancellationToken);
        await JoinAsync(cancellationToken);
        await ClaimAsync(cancellationToken);

        // The lease loop outlives the start: none of the start's context.
        using (ExecutionContext.SuppressFlow())
        {
            _keeper = Task.Run(() => KeepLeaseAsync(_stopping.Token), CancellationToken.None);
        }
    }

    /// <summary>Starts the work of operations just claimed: fails those that cannot be resumed, resumes the rest.</summary>
    private async Task ResumeAsync(UnfinishedOperations scan, CancellationToken cancellationToken)
    {
        foreach (var name in scan.Unreadable)
        {
            await FailUnreadableAsync(name, cancellationToken);
        }

        var unfinished = scan.Readable;
        if (unfinished.Count > 0)
        {
            EngineLog.Resuming(_logger, unfinished.Count);
        }

        foreach (var stored in unfinished)
        {
            Hold(stored.Operation.Name);
            _book.Track(stored.Operation);
        }

        foreach (var stored in unfinished)
        {
            if (stored.Kind == OperationKind.Cancel && UnresumableBecause(stored.Operation) is { } why)
            {
                await FailUnresumableAsync(stored.Operation, why, cancellationToken);
            }
            else if (stored.Kind == OperationKind.Cancel)
            {
                // Whoever asked is gone: resumed work waits in the batch lane under a key of its own.
                Telemetry.GatewayTelemetry.OperationResumed(ProviderNames.Of(OperationSnapshots.CancelMetadata(stored.Operation).Provider), "cancel");
                await EnsureWorkerAsync(stored.Operation.Name, ProviderWork.Resumed(WorkLane.Batch), null, cancellationToken);
            }
            else
            {
                Telemetry.GatewayTelemetry.OperationResumed(Telemetry.GatewayTelemetry.Mixed, "batch");
                StartBatch(stored.Operation, ProviderWork.Resumed(WorkLane.Batch), null, fresh: false);
            }
        }
    }

    /// <summary>
    /// One corrupt row must not stop the start: the operation cannot be resumed (its run is
    /// unknown), so it is marked failed with DATA_LOSS, which also frees its run for a new
    /// Cancel. When even that cannot be written it is left as it is, logged by name.
    /// </summary>
    private async Task FailUnreadableAsync(string name, CancellationToken cancellationToken)
    {
        var failed = new Operation
        {
            Name = name,
            Done = true,
            Error = GatewayErrors.Status(GatewayError.OperationUnreadable,
                $"Operation {name} could not be read from the store after a restart (its stored body is corrupt); it was not resumed. Its run may still need cancelling.",
                ("operation", name)),
        };
        try
        {
            var marked = await _book.Store.UpdateAsync(failed, cancellationToken);
            EngineLog.UnreadableNotResumed(_logger, name, marked);
        }
        catch (StoreUnavailableException)
        {
            EngineLog.UnreadableNotResumed(_logger, name, marked: false);
        }
    }

    /// <summary>Why a stored cancel operation cannot be resumed (its run name no longer parses, or its provider is not configured), or null.</summary>
    private Google.Rpc.Status? UnresumableBecause(Operation operation)
    {
        var metadata = OperationSnapshots.CancelMetadata(operation);
        if (!RunNameParser.TryParse(metadata.Run, out var run, out var error))
        {
            return GatewayErrors.Status(
                GatewayError.RunNameNotResumable,
                $"Operation {operation.Name} was not resumed after a restart: its stored run name is not one this gateway reads ({error}). The run may still need cancelling.",
                ("operation", operation.Name));
        }

        return _providers.TryGet(run!.Provider, out _)
            ? null
            : GatewayErrors.Status(
                GatewayError.ProviderNotConfigured,
                $"Operation {operation.Name} was not resumed after a restart: no {ProviderNames.Of(run.Provider)} adapter is configured any more. Configure it and cancel {run.Text} again.",
                ("operation", operation.Name),
                ("run", run.Text),
                ("provider", ProviderNames.Of(run.Provider)));
    }

    /// <summary>Fails an operation that cannot be resumed, so that it does not stay pending forever and its run is free for a new Cancel; never stops the start.</summary>
    private async Task FailUnresumableAsync(Operation operation, Google.Rpc.Status why, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = OperationSnapshots.CancelMetadata(operation);
            metadata.LastError = why;
            metadata.UpdateTime = OperationSnapshots.Time(_time.GetUtcNow());
            metadata.EndTime = metadata.UpdateTime;
            await _book.SaveAsync(OperationSnapshots.Failed(operation, metadata, why), cancellationToken);
            EngineLog.NotResumable(_logger, operation.Name, why.Message);
        }
        catch (StoreUnavailableException)
        {
            EngineLog.NotResumable(_logger, operation.Name, why.Message + " (and it could not be marked failed: the store is unavailable)");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await LeaveAsync(cancellationToken);
    }

    public void Dispose()
    {
        _epoch.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// Starts the worker of a cancel operation unless it runs already or the operation is done.
    /// Takes <paramref name="reservation"/> over: the new worker releases it once its cancel is
    /// sent; when no worker starts, it is released here.
    /// </summary>
    internal async Task<CancelWorker?> EnsureWorkerAsync(string operationName, ProviderWork work, CallerReservation? reservation, CancellationToken cancellationToken)
    {
        var handedOver = false;
        try
        {
            if (_workers.TryGetValue(operationName, out var existing))
            {
                return existing.Value;
            }

            // Another replica's operation (a join, a batch's run): never called for here.
            if (!_held.ContainsKey(operationName))
            {
                return null;
            }

            var operation = await _book.GetAsync(operationName, cancellationToken);
            if (operation is null || operation.Done)
            {
                return null;
            }

            var lazy = _workers.GetOrAdd(operationName, _ => new Lazy<CancelWorker?>(() =>
            {
                handedOver = true;
                return StartWorker(operation, work, reservation);
            }));
            return lazy.Value;
        }
        finally
        {
            if (!handedOver)
            {
                reservation?.Dispose();
            }
        }
    }

    private CancelWorker? StartWorker(Operation operation, ProviderWork work, CallerReservation? reservation)
    {
        var metadata = OperationSnapshots.CancelMetadata(operation);
        if (!RunNameParser.TryParse(metadata.Run, out var run, out _) || !_providers.TryGet(run!.Provider, out var provider))
        {
            reservation?.Dispose();
            return null;
        }

        var worker = new CancelWorker(operation, run, provider, work, reservation, _book, _gate, _retry, _options, _lease, _time, _logger);
        var epoch = _epoch.Token;
        Track(operation.Name, Task.Run(() => worker.RunAsync(_stopping.Token, epoch)), epoch);
        return worker;
    }

    private void StartBatch(Operation batch, ProviderWork work, CallerReservation? reservation, bool fresh, IReadOnlyList<bool>? created = null)
    {
        var metadata = OperationSnapshots.BatchMetadata(batch);

        // The runs are needed only to send the bulk requests of a new batch; a resumed batch
        // follows its runs' own operations (which fail on their own if they cannot be resumed),
        // so a run name that no longer parses never stops the start.
        var runs = new List<RunName>();
        foreach (var item in fresh ? metadata.Items : [])
        {
            runs.Add(RunNameParser.TryParse(item.Run, out var run, out var error) ? run! : throw new InvalidOperationException($"Batch {batch.Name} holds an invalid run name: {error}"));
        }

        var worker = new BatchWorker(batch, runs, metadata.Items.Select(i => i.Operation).ToList(), created ?? metadata.Items.Select(_ => false).ToList(), fresh, work, reservation, this, _book, _providers, _gate, _retry, _options, _time, _logger);
        var epoch = _epoch.Token;
        Track(batch.Name, Task.Run(() => worker.RunAsync(epoch)), epoch);
    }

    /// <summary>
    /// Follows a worker's task. When it ends, the operation is no longer held here, unless the
    /// worker was stopped by a lapsed lease: the replica starts afresh then, and a worker of
    /// the new lease may already run for the same operation (its entries stay).
    /// </summary>
    private void Track(string name, Task task, CancellationToken epoch)
    {
        _running[name] = task;
        task.ContinueWith(
            _ =>
            {
                _running.TryRemove(new KeyValuePair<string, Task>(name, task));
                if (!epoch.IsCancellationRequested)
                {
                    _workers.TryRemove(name, out var _);
                    _held.TryRemove(name, out var _);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
