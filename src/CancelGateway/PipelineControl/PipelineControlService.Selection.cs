using CancelGateway.Operations;
using CancelGateway.Providers;
using CancelGateway.Security;
using CancelGateway.Selection;
using CancelGateway.V1;
using Google.LongRunning;
using Grpc.Core;

namespace CancelGateway.PipelineControl;

/// <content>CancelMatching: cancel by selector, with a dry run that pins what will be cancelled.</content>
internal sealed partial class PipelineControlService
{
    public override async Task<Operation> CancelMatching(CancelMatchingRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var grant = access.GrantOf(caller);
        var scopes = SelectionValidation.Scopes(request.Scopes);
        var filter = SelectionValidation.Filter(request.Filter);
        var (maxRuns, maxRunsSource) = SelectionValidation.MaxRuns(request.MaxRuns, grant.MaxBatch, request.DryRun);
        var token = SelectionValidation.Token(request.SelectionToken, request.DryRun);
        var requestId = RequestValidation.RequestId(request.RequestId);
        var reason = RequestValidation.Reason(request.Reason);
        var mode = RequestValidation.Mode(request.Mode);
        foreach (var scope in scopes)
        {
            SelectionValidation.Provider(engine, scope, mode);
        }

        var matching = new MatchingRequest(
            new RunSelector(scopes, filter.Text, filter.Matches, filter.CreatedAfter, filter.CreatedBefore),
            request.DryRun,
            maxRuns,
            maxRunsSource,
            token,
            requestId,
            reason,
            mode,
            caller.Principal,
            RequestIdScope(caller),
            callers.Resolve(context),
            grant.Covers,
            run => RunAccess.Refusal(grant, run, mode));
        MatchingAdmission admission;
        try
        {
            admission = await engine.CancelMatchingAsync(matching, context.CancellationToken);
        }
        catch (RpcException refused) when (refused.StatusCode is StatusCode.FailedPrecondition or StatusCode.PermissionDenied)
        {
            // Too many matches, or every selected run refused by the policy: on record, like a refused BatchCancel.
            await audit.RefusedAsync(caller, nameof(CancelMatching), [], requestId ?? string.Empty, reason, mode, Reason(refused));
            throw;
        }

        if (admission.Refused.Count > 0)
        {
            await audit.RefusedAsync(caller, nameof(CancelMatching), admission.Refused, requestId ?? string.Empty, reason, mode, GatewayErrors.All[GatewayError.ForceNotPermitted].Reason);
        }

        if (request.DryRun && admission.Kind == Storage.CreateKind.Created)
        {
            await audit.ListedAsync(caller, nameof(CancelMatching), admission.Selected, requestId ?? string.Empty, reason, mode, admission.Operation.Name);
        }
        else
        {
            await audit.AdmittedAsync(caller, nameof(CancelMatching), admission.Selected, requestId ?? string.Empty, reason, mode, new Admission(admission.Operation, admission.Kind));
        }

        return admission.Operation;
    }

    private static string Reason(RpcException exception) =>
        exception.GetRpcStatus() is { } status ? Reason(status) : string.Empty;
}
