using System.Collections.Concurrent;
using CancelGateway.Storage;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Operations;

/// <content>
/// Leases: this replica works only the operations it holds: those it created (leased to it in
/// the creating transaction) and those it claimed (left unfinished by a replica that died or
/// left, or by this process's previous start). One loop renews the lease, shares the providers'
/// limits among the live replicas, hands FORCE requests to the workers, and claims what no live
/// replica holds. A lease that lapsed stops every worker and starts the replica afresh.
/// </content>
internal sealed partial class OperationsEngine
{
    /// <summary>How many operations one claim takes at most (a takeover of more goes on in the next rounds).</summary>
    private const int ClaimLimit = 500;

    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private CancellationTokenSource _epoch;
    private Task? _keeper;

    /// <summary>The replica's id in the store (for logs and tests).</summary>
    public string? Replica => _leases.Replica;

    /// <summary>Joins as a new replica and takes the limits' share it says.</summary>
    private async Task JoinAsync(CancellationToken cancellationToken)
    {
        var sent = _time.GetTimestamp();
        var lease = await _leases.JoinAsync(_options.LeaseTime, cancellationToken);
        _lease.Renewed(sent, lease.CanExpire ? _options.LeaseTime - _options.LeaseRenewInterval : Timeout.InfiniteTimeSpan);
        _gate.ShareAmong(lease.LiveReplicas);
        EngineLog.Joined(_logger, lease.CanExpire ? LogLevel.Information : LogLevel.Debug, lease.Replica, lease.LiveReplicas, _options.LeaseTime);
    }

    /// <summary>Claims what no live replica holds and starts working it: what a restart resumes, and a takeover.</summary>
    private async Task ClaimAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var claimed = await _leases.ClaimAsync(ClaimLimit, cancellationToken);
            if (claimed.Readable.Count + claimed.Unreadable.Count == 0)
            {
                return;
            }

            await ResumeAsync(claimed, cancellationToken);
            if (claimed.Readable.Count + claimed.Unreadable.Count < ClaimLimit)
            {
                return;
            }
        }
    }

    private async Task KeepLeaseAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.LeaseRenewInterval, _time, stopping);
                await RenewAsync(stopping);
                await ClaimAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                // Whatever went wrong, the loop goes on: tried again next round, and a lease that
                // lapses meanwhile stops the workers by itself (the next round starts afresh).
                EngineLog.LeaseRenewalFailed(_logger, failure.Message);
            }
        }
    }

    private async Task RenewAsync(CancellationToken stopping)
    {
        var sent = _time.GetTimestamp();
        var renewal = _lease.IsHeld ? await _leases.RenewAsync(stopping) : null;
        if (renewal is null)
        {
            await StartAfreshAsync(stopping);
            return;
        }

        _lease.Renewed(sent, _options.LeaseTime - _options.LeaseRenewInterval);
        _gate.ShareAmong(renewal.LiveReplicas);
        foreach (var name in renewal.ForceRequested)
        {
            LocalWorker(name)?.Escalate();
        }
    }

    /// <summary>
    /// The lease lapsed (this replica could not renew in time, or the store says it expired):
    /// another replica may hold its operations now. Every worker stops, what was held is
    /// forgotten, and the replica joins again under a new id and claims what nobody holds.
    /// </summary>
    private async Task StartAfreshAsync(CancellationToken stopping)
    {
        EngineLog.LeaseLost(_logger, _leases.Replica ?? "(none)", _held.Count);
        _lease.Lost();
        var epoch = _epoch;
        _epoch = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        await epoch.CancelAsync();
        await Task.WhenAll(_running.Values).WaitAsync(_options.LeaseTime, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        epoch.Dispose();
        foreach (var name in _held.Keys)
        {
            _book.Forget(name);
        }

        _held.Clear();
        _workers.Clear();
        try
        {
            // Whatever is still leased to the old id is free at once (for this replica too).
            await _leases.LeaveAsync(stopping);
        }
        catch (StoreUnavailableException)
        {
            // It expires by itself.
        }

        await JoinAsync(stopping);
    }

    /// <summary>The running worker of an operation this replica holds, or null.</summary>
    private CancelWorker? LocalWorker(string name) =>
        _workers.TryGetValue(name, out var lazy) && lazy.IsValueCreated ? lazy.Value : null;

    /// <summary>
    /// A request joined an operation in flight: the worker counts the join, and a FORCE
    /// request escalates it; when another replica holds the operation, the FORCE request is
    /// written for that replica's worker to pick up at its next renewal.
    /// </summary>
    private async Task NoteJoinAsync(string name, bool force, CancellationToken cancellationToken)
    {
        var local = LocalWorker(name);
        local?.NoteJoin();
        if (!force)
        {
            return;
        }

        if (local is not null)
        {
            local.Escalate();
        }
        else
        {
            await _leases.RequestForceAsync(name, cancellationToken);
        }
    }

    /// <summary>Records that this replica holds an operation it just created.</summary>
    private void Hold(string name) => _held.TryAdd(name, 0);

    /// <summary>Stops the lease loop and, once every worker stopped, hands what is unfinished to the other replicas at once.</summary>
    private async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (_keeper is { } keeper)
        {
            await keeper.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _lease.Lost();
        try
        {
            await _leases.LeaveAsync(cancellationToken);
        }
        catch (Exception failure) when (failure is StoreUnavailableException or OperationCanceledException)
        {
            // The lease then expires by itself.
        }
    }

    /// <summary>Whether a worker's provider call may go ahead: the lease is held, or it throws <see cref="LeaseLostException"/>.</summary>
    internal LeaseHolder Lease => _lease;
}
