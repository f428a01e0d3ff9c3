using CancelGateway.Operations;
using CancelGateway.Providers;
using CancelGateway.Security;
using CancelGateway.Telemetry;
using CancelGateway.V1;
using Google.LongRunning;
using Grpc.Core;
using GetOperationRequest = CancelGateway.V1.GetOperationRequest;

namespace CancelGateway.PipelineControl;

/// <summary>
/// <c>cancelgateway.v1.PipelineControl</c>: validates, checks what the caller may touch, hands
/// the work to the engine, records the decision, and answers with operations.
/// </summary>
internal sealed partial class PipelineControlService(OperationsEngine engine, ICallerKeyResolver callers, RunAccess access, AuditRecorder audit, PrincipalLimits limits, Storage.IAuditTrail trail, ServerShutdown shutdown) : V1.PipelineControl.PipelineControlBase
{
    public override async Task<Operation> Cancel(CancelRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var run = RequestValidation.RunName(request.Name, "name");
        var requestId = RequestValidation.RequestId(request.RequestId);
        var reason = RequestValidation.Reason(request.Reason);
        var mode = RequestValidation.Mode(request.Mode);
        if (RunAccess.Refusal(access.GrantOf(caller), run.Text, mode) is { } refusal)
        {
            await audit.RefusedAsync(caller, nameof(Cancel), [run.Text], requestId ?? string.Empty, reason, mode, Reason(refusal));
            throw refusal.ToRpcException();
        }

        RequestValidation.Provider(engine, run, mode);
        var admission = await engine.CancelAsync(run, requestId, reason, mode, caller.Principal, RequestIdScope(caller), callers.Resolve(context), context.CancellationToken);
        await audit.AdmittedAsync(caller, nameof(Cancel), [run.Text], requestId ?? string.Empty, reason, mode, admission);
        if (admission.Operation is { Done: true, Error: { } error })
        {
            // The provider refused outright (NOT_FOUND, PERMISSION_DENIED, ...): the caller hears it now.
            throw error.ToRpcException();
        }

        return admission.Operation;
    }

    public override async Task<Operation> BatchCancel(BatchCancelRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var grant = access.GrantOf(caller);
        var maxBatch = grant.MaxBatch ?? RequestValidation.MaxBatchSize;
        if (request.Names.Count == 0 || request.Names.Count > maxBatch)
        {
            var problem = $"names must hold 1 to {maxBatch} run names (held {request.Names.Count}).";
            throw RequestValidation.Invalid("INVALID_BATCH_SIZE", problem, ("names", problem));
        }

        var requestId = RequestValidation.RequestId(request.RequestId);
        var reason = RequestValidation.Reason(request.Reason);
        var mode = RequestValidation.Mode(request.Mode);
        var runs = BatchNames.Parse(request.Names);
        var refused = new Dictionary<int, Google.Rpc.Status>();
        for (var i = 0; i < runs.Count; i++)
        {
            if (RunAccess.Refusal(grant, runs[i].Text, mode) is { } refusal)
            {
                refused[i] = refusal;
            }
        }

        if (refused.Count > 0)
        {
            var refusedRuns = refused.Keys.Order().Select(i => runs[i].Text).ToList();
            await audit.RefusedAsync(caller, nameof(BatchCancel), refusedRuns, requestId ?? string.Empty, reason, mode, string.Join(',', refused.Values.Select(Reason).Distinct().Order(StringComparer.Ordinal)));
            if (refused.Count == runs.Count)
            {
                throw refused[0].ToRpcException();
            }
        }

        for (var i = 0; i < runs.Count; i++)
        {
            if (!refused.ContainsKey(i))
            {
                RequestValidation.Provider(engine, runs[i], mode);
            }
        }

        var admission = await engine.BatchCancelAsync(runs, refused, requestId, reason, mode, caller.Principal, RequestIdScope(caller), callers.Resolve(context), context.CancellationToken);
        var admitted = Enumerable.Range(0, runs.Count).Where(i => !refused.ContainsKey(i)).Select(i => runs[i].Text).ToList();
        await audit.AdmittedAsync(caller, nameof(BatchCancel), admitted, requestId ?? string.Empty, reason, mode, admission);
        return admission.Operation;
    }

    public override async Task<Operation> GetOperation(GetOperationRequest request, ServerCallContext context)
    {
        var name = RequestValidation.OperationName(request.Name, "name");
        return access.Visible(context.Caller(), await engine.GetAsync(name, context.CancellationToken)) ?? throw GatewayErrors.OperationNotFound(name);
    }

    public override async Task WatchRun(WatchRunRequest request, IServerStreamWriter<Operation> responses, ServerCallContext context)
    {
        var caller = context.Caller();
        string operationName;
        if (request.Name.StartsWith(OperationNames.Prefix, StringComparison.Ordinal))
        {
            operationName = RequestValidation.OperationName(request.Name, "name");
            _ = access.Visible(caller, await engine.GetAsync(operationName, context.CancellationToken)) ?? throw GatewayErrors.OperationNotFound(operationName);
        }
        else
        {
            var run = RequestValidation.RunName(request.Name, "name");
            var latest = (access.GrantOf(caller).Covers(run.Text) ? await engine.FindLatestForRunAsync(run.Text, context.CancellationToken) : null)
                ?? throw GatewayErrors.Status(GatewayError.CancellationNotFound, $"There is no cancellation of {run.Text} to watch; call Cancel first.", ("run", run.Text)).ToRpcException();
            operationName = latest.Name;
        }

        // Counted per principal; anonymous callers (no authentication configured) per connection.
        using var slot = limits.OpenWatch(callers.Resolve(context).Value);
        using var watching = shutdown.Link(context);
        GatewayTelemetry.WatchOpened();
        try
        {
            await foreach (var snapshot in engine.WatchAsync(operationName, watching.Token))
            {
                await responses.WriteAsync(snapshot, watching.Token);
            }
        }
        catch (OperationCanceledException) when (shutdown.Ended(context))
        {
            throw ServerShutdown.ShuttingDown();
        }
        finally
        {
            GatewayTelemetry.WatchClosed();
        }
    }

    /// <summary>Request ids are per principal; anonymous callers share the unscoped space they always had.</summary>
    private static string? RequestIdScope(Caller caller) => caller.IsAnonymous ? null : caller.Principal;

    private static string Reason(Google.Rpc.Status status) =>
        status.Details.Select(d => d.TryUnpack<Google.Rpc.ErrorInfo>(out var info) ? info.Reason : null).FirstOrDefault(r => r is not null) ?? string.Empty;
}
