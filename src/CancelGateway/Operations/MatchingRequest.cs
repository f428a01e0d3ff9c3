using CancelGateway.Selection;
using CancelGateway.V1;

namespace CancelGateway.Operations;

/// <summary>A CancelMatching request, validated, with the caller's policy decisions the engine applies per listed run.</summary>
/// <param name="Selector">The scopes and the filter.</param>
/// <param name="DryRun">List and pin, cancel nothing.</param>
/// <param name="MaxRuns">The most runs the request may select.</param>
/// <param name="MaxRunsSource">What set <paramref name="MaxRuns"/> ("max_runs", or the policy's maxBatch), for the error.</param>
/// <param name="SelectionToken">A dry run's token, or null.</param>
/// <param name="RequestId">The AIP-155 request id, or null.</param>
/// <param name="Reason">Why, for audit.</param>
/// <param name="Mode">How hard to try.</param>
/// <param name="RequestedBy">The principal.</param>
/// <param name="RequestIdScope">Whose request id space (null for anonymous callers).</param>
/// <param name="Caller">Whose fair-queue share the list calls and cancels use.</param>
/// <param name="Covers">Whether the caller's policy covers a run: runs it does not cover are never shown nor cancelled, only counted.</param>
/// <param name="Refusal">Why the caller may not cancel a covered run this way (FORCE without permission), or null.</param>
internal sealed record MatchingRequest(
    RunSelector Selector,
    bool DryRun,
    int MaxRuns,
    string MaxRunsSource,
    string? SelectionToken,
    string? RequestId,
    string Reason,
    CancelMode Mode,
    string RequestedBy,
    string? RequestIdScope,
    CallerKey Caller,
    Func<string, bool> Covers,
    Func<string, Google.Rpc.Status?> Refusal);
