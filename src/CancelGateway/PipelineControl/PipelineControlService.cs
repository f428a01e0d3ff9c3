using CancelGateway.Operations;
using CancelGateway.Providers;
using CancelGateway.V1;
using Google.LongRunning;
using Grpc.Core;
using GetOperationRequest = CancelGateway.V1.GetOperationRequest;

namespace CancelGateway.PipelineControl;

/// <summary><c>cancelgateway.v1.PipelineControl</c>: validates, hands the work to the engine, and answers with operations.</summary>
internal sealed class PipelineControlService(OperationsEngine engine, ICallerKeyResolver callers) : V1.PipelineControl.PipelineControlBase
{
    /// <summary>Who the gateway records as the requester until callers authenticate.</summary>
    private const string Anonymous = "anonymous";

    public override async Task<Operation> Cancel(CancelRequest request, ServerCallContext context)
    {
        var run = RequestValidation.RunName(request.Name, "name");
        var requestId = RequestValidation.RequestId(request.RequestId);
        var reason = RequestValidation.Reason(request.Reason);
        var mode = RequestValidation.Mode(request.Mode);
        RequestValidation.Provider(engine.Providers, run, mode);
        var operation = await engine.CancelAsync(run, requestId, reason, mode, Anonymous, callers.Resolve(context), context.CancellationToken);
        if (operation is { Done: true, Error: { } error })
        {
            // The provider refused outright (NOT_FOUND, PERMISSION_DENIED, ...): the caller hears it now.
            throw error.ToRpcException();
        }

        return operation;
    }

    public override async Task<Operation> BatchCancel(BatchCancelRequest request, ServerCallContext context)
    {
        if (request.Names.Count == 0 || request.Names.Count > RequestValidation.MaxBatchSize)
        {
            var problem = $"names must hold 1 to {RequestValidation.MaxBatchSize} run names (held {request.Names.Count}).";
            throw RequestValidation.Invalid("INVALID_BATCH_SIZE", problem, ("names", problem));
        }

        var requestId = RequestValidation.RequestId(request.RequestId);
        var reason = RequestValidation.Reason(request.Reason);
        var mode = RequestValidation.Mode(request.Mode);
        var runs = new List<RunName>(request.Names.Count);
        var violations = new List<(string, string)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < request.Names.Count; i++)
        {
            var field = $"names[{i}]";
            if (!RunNameParser.TryParse(request.Names[i], out var run, out var error))
            {
                violations.Add((field, error));
                continue;
            }

            if (seen.TryGetValue(run!.Text, out var first))
            {
                violations.Add((field, $"duplicate of names[{first}]"));
                continue;
            }

            seen[run.Text] = i;
            runs.Add(run);
        }

        if (violations.Count > 0)
        {
            // Listing a thousand violations would overflow the clients' metadata limits: the
            // first few say what is wrong, the count says how much.
            var listed = violations.Take(RequestValidation.MaxListedViolations).ToList();
            if (violations.Count > listed.Count)
            {
                listed.Add(("names", $"and {violations.Count - listed.Count} more invalid names, not listed"));
            }

            throw RequestValidation.Invalid("INVALID_RUN_NAME", $"{violations.Count} of the {request.Names.Count} names are invalid; see the field violations (the first {Math.Min(violations.Count, RequestValidation.MaxListedViolations)} are listed).", [.. listed]);
        }

        foreach (var run in runs)
        {
            RequestValidation.Provider(engine.Providers, run, mode);
        }

        return await engine.BatchCancelAsync(runs, requestId, reason, mode, Anonymous, callers.Resolve(context), context.CancellationToken);
    }

    public override async Task<Operation> GetOperation(GetOperationRequest request, ServerCallContext context)
    {
        var name = RequestValidation.OperationName(request.Name, "name");
        return await engine.GetAsync(name, context.CancellationToken) ?? throw NotFound(name);
    }

    public override async Task WatchRun(WatchRunRequest request, IServerStreamWriter<Operation> responses, ServerCallContext context)
    {
        string operationName;
        if (request.Name.StartsWith(OperationNames.Prefix, StringComparison.Ordinal))
        {
            operationName = RequestValidation.OperationName(request.Name, "name");
        }
        else
        {
            var run = RequestValidation.RunName(request.Name, "name");
            var latest = await engine.FindLatestForRunAsync(run.Text, context.CancellationToken)
                ?? throw GatewayErrors.Status(GatewayError.CancellationNotFound, $"There is no cancellation of {run.Text} to watch; call Cancel first.", ("run", run.Text)).ToRpcException();
            operationName = latest.Name;
        }

        await foreach (var snapshot in engine.WatchAsync(operationName, context.CancellationToken))
        {
            await responses.WriteAsync(snapshot, context.CancellationToken);
        }
    }

    private static RpcException NotFound(string name) =>
        GatewayErrors.Status(GatewayError.OperationNotFound, $"Operation {name} does not exist (or was deleted).", ("operation", name)).ToRpcException();
}
