using System.Diagnostics;
using CancelGateway.Providers;
using CancelGateway.Telemetry;
using CancelGateway.V1;
using Google.LongRunning;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Operations;

/// <summary>
/// Drives one cancel operation to its end: asks the provider to cancel (retrying transient
/// failures within a budget), then polls the run with a growing interval until it is terminal,
/// and records how it ended. The only writer of its operation; the one poller of its run.
/// </summary>
internal sealed partial class CancelWorker
{
    private readonly OperationBook _book;
    private readonly RunName _run;
    private readonly IPipelineProvider _provider;
    private readonly ProviderGate _gate;
    private readonly RetryPolicy _retry;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProviderWork _work;
    private readonly CallerReservation? _reservation;
    private readonly LeaseHolder _lease;

    // The context the operation was accepted in (the Cancel or BatchCancel RPC's span): the
    // parent of every span of its work, which outlives that RPC. None for resumed operations.
    private readonly ActivityContext _trace = Activity.Current?.Context ?? default;
    private readonly TaskCompletionSource<Operation> _firstAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Operation _operation;
    private CancelOperationMetadata _metadata;
    private int _pendingJoins;
    private int _escalation;
    private CancellationToken _waiting;

    public CancelWorker(Operation operation, RunName run, IPipelineProvider provider, ProviderWork work, CallerReservation? reservation, OperationBook book, ProviderGate gate, RetryPolicy retry, EngineOptions options, LeaseHolder lease, TimeProvider time, ILogger logger)
    {
        _work = work;
        _lease = lease;
        _reservation = reservation;
        _operation = operation;
        _metadata = OperationSnapshots.CancelMetadata(operation);
        _run = run;
        _provider = provider;
        _book = book;
        _gate = gate;
        _retry = retry;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string OperationName => _operation.Name;

    /// <summary>Completes with the snapshot after the provider's first definite answer (or the end).</summary>
    public Task<Operation> FirstAnswer => _firstAnswer.Task;

    public void NoteJoin() => Interlocked.Increment(ref _pendingJoins);

    /// <summary>
    /// A FORCE request joined this GRACEFUL cancellation: from the next poll on, the operation is
    /// FORCE and what holds the stop back is forced (the first request's mode is not a ceiling).
    /// </summary>
    public void Escalate() => Interlocked.Exchange(ref _escalation, 1);

    /// <summary>Drives the operation to its end, or until the gateway stops or the lease lapses.</summary>
    /// <param name="stopping">The gateway is stopping: cancels everything, provider calls too.</param>
    /// <param name="leaseEpoch">
    /// The lease this worker started under lapsed: cancels waiting (between polls, for a retry,
    /// in the provider's queue), never a provider call or the save of its answer, so that what
    /// the provider did is on record before another replica takes over. Linked to
    /// <paramref name="stopping"/>; none means only <paramref name="stopping"/>.
    /// </param>
    public async Task RunAsync(CancellationToken stopping, CancellationToken leaseEpoch = default)
    {
        _waiting = leaseEpoch.CanBeCanceled ? leaseEpoch : stopping;
        try
        {
            var alreadyEnded = false;
            if (!_metadata.CancelRequested && await FindUnrecordedStopAsync(stopping) == UnrecordedStop.None)
            {
                var submission = await SubmitAsync(stopping);

                // Sent (or given up): no longer queued work of the caller's.
                _reservation?.Dispose();
                if (submission is null)
                {
                    return;
                }

                alreadyEnded = submission == CancelSubmission.AlreadyEnded;
                if (!alreadyEnded)
                {
                    _firstAnswer.TrySetResult(_operation);
                }
            }
            else
            {
                _reservation?.Dispose();
                _firstAnswer.TrySetResult(_operation);
            }

            await PollUntilEndAsync(alreadyEnded, stopping);
        }
        catch (OperationCanceledException) when (_waiting.IsCancellationRequested)
        {
            // Shutting down (or the lease lapsed): the operation stays unfinished in the store
            // and is resumed by whichever replica claims it next.
        }
        catch (LeaseLostException)
        {
            // The same, noticed before a provider call: another replica may hold it now.
            EngineLog.StoppedOnLostLease(_logger, _operation.Name);
        }
        catch (ProviderException) when (stopping.IsCancellationRequested)
        {
            // A provider call cut short by the stop and reported as a failure (a connection
            // reset rather than a cancellation): the operation stays unfinished, as for the stop.
        }
        catch (Exception exception)
        {
            EngineLog.WorkerCrashed(_logger, _operation.Name, exception);
            await FailAsync(GatewayErrors.Status(GatewayError.GatewayInternal, $"The gateway stopped following the cancellation of {_run.Text} on an unexpected error.", ("run", _run.Text)), CancellationToken.None);
        }
        finally
        {
            _reservation?.Dispose();
            _firstAnswer.TrySetResult(_operation);
        }
    }

    /// <summary>
    /// One provider call through the gate, as a span of this operation's trace once out of the
    /// queue. The lease is checked once the call's turn came, right before it goes out: a
    /// replica never calls a provider for an operation it may no longer hold.
    /// </summary>
    private Task<T> CallAsync<T>(string name, Func<CancellationToken, Task<T>> call, CancellationToken stopping, int requests = 1) =>
        _gate.RunAsync(
            _provider.Provider,
            _work,
            _ =>
            {
                _lease.EnsureHeld();
                _waiting.ThrowIfCancellationRequested();
                return ProviderCallSpan.RunAsync(name, _provider.Provider, _operation.Name, _run.Text, _trace, () => call(stopping));
            },
            _waiting,
            requests);

    /// <summary>Phase 1: the cancel request. Null when the operation ended (failed) here.</summary>
    private async Task<CancelSubmission?> SubmitAsync(CancellationToken stopping)
    {
        var context = new CancelContext(OperationNames.IdOf(_operation.Name), _metadata.Mode, _metadata.Reason, _metadata.RequestedBy);
        var budget = _retry.For(_options.CancelRetryBudget);
        while (true)
        {
            try
            {
                var submission = await CallAsync(
                    "submit",
                    async ct =>
                    {
                        await MarkInFlightAsync(stopping);
                        return await _provider.RequestCancelAsync(_run, context, ct);
                    },
                    stopping);
                _metadata.Attempts++;
                _metadata.CancelInFlight = false;
                _metadata.CancelRequested = true;
                _metadata.LastError = null;
                await SaveAsync(stopping);
                return submission;
            }
            catch (ProviderException failure) when (!stopping.IsCancellationRequested)
            {
                _metadata.Attempts++;
                _metadata.CancelInFlight = false;
                var status = ProviderErrors.ToStatus(failure, _run.Text);
                if (!budget.TryRetry(failure, out var delay))
                {
                    if (failure.IsTransient)
                    {
                        status.Message = $"Gave up after {_metadata.Attempts} attempts over {_options.CancelRetryBudget}: {status.Message}";
                    }

                    await FailAsync(status, stopping);
                    return null;
                }

                _metadata.LastError = status;
                await SaveAsync(stopping);
                GatewayTelemetry.Retry(_provider.Provider, "submit", failure.Reason);
                EngineLog.TransientFailure(_logger, _provider.Provider, _run.Text, _metadata.Attempts, delay, failure.Message);
                await Task.Delay(delay, _time, _waiting);
            }
        }
    }

    /// <summary>
    /// For resumed work whose cancel request is not on record: the worker before this one (a
    /// replica killed, a process stopped hard) may have sent it and died before saving the
    /// answer, and one accepted stop per run must hold across a takeover.
    /// <list type="bullet">
    /// <item>A provider that shows stopping runs is asked how the run stands: one already
    /// stopping is not asked again (the request goes on record, polling goes on).</item>
    /// <item>For one that does not (CodeArts), the request was marked in flight before it went
    /// out: with that mark the run is polled, and asked again only if it shows no effect for
    /// <see cref="EngineOptions.ResubmitAfter"/>; without it, the request never went out.</item>
    /// </list>
    /// Anything else, a failed read included, leaves it to the request itself.
    /// </summary>
    private async Task<UnrecordedStop> FindUnrecordedStopAsync(CancellationToken stopping)
    {
        if (!_work.IsResumed)
        {
            return UnrecordedStop.None;
        }

        if (!_provider.ShowsStopping)
        {
            if (!_metadata.CancelInFlight)
            {
                return UnrecordedStop.None;
            }

            EngineLog.StopMaybeSent(_logger, _operation.Name, _run.Text, _options.ResubmitAfter);
            return UnrecordedStop.MaybeSent;
        }

        ProviderRunStatus status;
        try
        {
            status = await CallAsync("check", ct => _provider.GetStatusAsync(_run, ct), stopping, _provider.RequestsPerStatusRead);
        }
        catch (ProviderException failure) when (!stopping.IsCancellationRequested)
        {
            EngineLog.StopCheckFailed(_logger, _operation.Name, _run.Text, failure.Message);
            return UnrecordedStop.None;
        }

        if (status.State != RunState.Cancelling)
        {
            return UnrecordedStop.None;
        }

        EngineLog.StopFoundUnderway(_logger, _operation.Name, _run.Text, status.ProviderState);
        _metadata.CancelRequested = true;
        Observe(status);
        await SaveAsync(stopping);
        return UnrecordedStop.Underway;
    }

    /// <summary>
    /// Puts on record, right before the request goes out, that a cancel request is in flight, for
    /// a provider whose runs will not tell (see <see cref="FindUnrecordedStopAsync"/>). One write
    /// more per cancellation, for those providers only.
    /// </summary>
    private async Task MarkInFlightAsync(CancellationToken stopping)
    {
        if (_provider.ShowsStopping || _metadata.CancelInFlight)
        {
            return;
        }

        _metadata.CancelInFlight = true;
        await SaveAsync(stopping);
    }

    /// <summary>Asks again for a cancel that was accepted but shows no effect; failures are noted, not fatal (polling goes on).</summary>
    private async Task ResubmitAsync(CancellationToken stopping)
    {
        var context = new CancelContext(OperationNames.IdOf(_operation.Name), _metadata.Mode, _metadata.Reason, _metadata.RequestedBy);
        _metadata.Attempts++;
        try
        {
            await CallAsync("resubmit", ct => _provider.RequestCancelAsync(_run, context, ct), stopping);
            _metadata.CancelRequested = true;
            _metadata.CancelInFlight = false;
            EngineLog.Resubmitted(_logger, _operation.Name, _run.Text, _options.ResubmitAfter);
        }
        catch (ProviderException failure) when (!stopping.IsCancellationRequested)
        {
            _metadata.LastError = ProviderErrors.ToStatus(failure, _run.Text);
        }

        await SaveAsync(stopping);
    }

    /// <summary>
    /// FORCE: asks the provider to remove the blockers. Null when that failed transiently (tried
    /// again at the next poll); a permanent refusal marks them not forced, with the reason, and
    /// the stop then waits for them as a graceful one would.
    /// </summary>
    private async Task<IReadOnlyList<StopBlocker>?> ForceAsync(IReadOnlyList<StopBlocker> blockers, CancellationToken stopping)
    {
        var context = new CancelContext(OperationNames.IdOf(_operation.Name), _metadata.Mode, _metadata.Reason, _metadata.RequestedBy);
        try
        {
            return await CallAsync("force", ct => _provider.ForceAsync(_run, context, ct), stopping);
        }
        catch (ProviderException failure) when (failure.IsTransient && !stopping.IsCancellationRequested)
        {
            _metadata.LastError = ProviderErrors.ToStatus(failure, _run.Text);
            return null;
        }
        catch (ProviderException failure) when (!stopping.IsCancellationRequested)
        {
            return blockers.Select(b => b.Forced ? b : new StopBlocker(b) { NotForcedReason = failure.Message }).ToList();
        }
    }

    /// <summary>Phase 2: poll until the run is terminal, with a growing interval; record each change.</summary>
    private async Task PollUntilEndAsync(bool alreadyEnded, CancellationToken stopping)
    {
        var interval = _options.PollInitialInterval;
        var quietSince = _time.GetTimestamp();
        var budget = _retry.For(_options.PollFailureBudget);
        var first = true;
        while (true)
        {
            if (!first)
            {
                await Task.Delay(interval, _time, _waiting);
            }

            first = false;
            ProviderRunStatus status;
            try
            {
                status = await CallAsync("poll", ct => _provider.GetStatusAsync(_run, ct), stopping, _provider.RequestsPerStatusRead);
                if (status.State == RunState.Unspecified)
                {
                    // A status without a state the gateway knows is not a run in flight: it is a failing
                    // poll, so polling ends (failed) once PollFailureBudget is spent rather than never.
                    throw new ProviderException(_provider.Provider, ProviderFailureKind.UnrecognizedState, $"{ProviderNames.Of(_provider.Provider)} answered a status of {_run.Text} without a run state the gateway knows ({UserInput.Quote(status.ProviderState)}).");
                }
            }
            catch (ProviderException failure) when (!stopping.IsCancellationRequested)
            {
                if (!budget.TryRetry(failure, out var delay))
                {
                    await FailAsync(ProviderErrors.ToStatus(failure, _run.Text), stopping);
                    return;
                }

                _metadata.LastError = ProviderErrors.ToStatus(failure, _run.Text);
                GatewayTelemetry.Retry(_provider.Provider, "poll", failure.Reason);
                interval = delay;
                EngineLog.TransientFailure(_logger, _provider.Provider, _run.Text, budget.Failures, interval, failure.Message);
                continue;
            }

            budget.Reset();
            if (status.IsTerminal)
            {
                await FinishAsync(status, alreadyEnded, stopping);
                return;
            }

            var escalated = Interlocked.Exchange(ref _escalation, 0) == 1 && _metadata.Mode != CancelMode.Force && _provider.SupportsForce;
            if (escalated)
            {
                _metadata.Mode = CancelMode.Force;
                EngineLog.Escalated(_logger, _operation.Name, _run.Text);
            }

            if (_metadata.Mode == CancelMode.Force && _provider.SupportsForce && status.Blockers is { Count: > 0 } blockers && blockers.Any(b => !b.Forced && b.NotForcedReason.Length == 0))
            {
                status = status with { Blockers = await ForceAsync(blockers, stopping) ?? blockers };
            }

            if (status.State is RunState.Cancelling or RunState.Paused || alreadyEnded)
            {
                quietSince = _time.GetTimestamp();
            }
            else if (_time.GetElapsedTime(quietSince) >= _options.ResubmitAfter)
            {
                await ResubmitAsync(stopping);
                quietSince = _time.GetTimestamp();
            }

            var changed = Observe(status);
            if (changed || escalated || _metadata.LastError is not null || Volatile.Read(ref _pendingJoins) > 0)
            {
                _metadata.LastError = null;
                await SaveAsync(stopping);
            }

            // A change means the run is moving: look again soon. Quiet polls back off.
            interval = changed
                ? _options.PollInitialInterval
                : TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * _options.PollMultiplier), _options.PollMaxInterval.Ticks));
        }
    }
}
