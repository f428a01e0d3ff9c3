using CancelGateway.Providers;
using CancelGateway.V1;
using Google.LongRunning;

namespace CancelGateway.Security;

/// <summary>
/// The authorization decisions about runs and operations, from the policy in force. Decided
/// from the run's name alone, before any store read or provider call: the answer is the same
/// whether or not the run exists.
/// </summary>
internal sealed class RunAccess(PolicyStore policies)
{
    /// <summary>What the caller may do, under the policy in force now.</summary>
    public Grant GrantOf(Caller caller) => policies.Current.For(caller.Principal);

    /// <summary>Why the caller may not cancel the run this way, or null when it may.</summary>
    public static Google.Rpc.Status? Refusal(Grant grant, string run, CancelMode mode)
    {
        if (!grant.Covers(run))
        {
            return GatewayErrors.Status(GatewayError.RunNotPermitted, $"The caller may not cancel {run}.", ("run", run));
        }

        if (mode == CancelMode.Force && !grant.MayForce(run))
        {
            return GatewayErrors.Status(GatewayError.ForceNotPermitted, $"The caller may cancel {run} but not with CANCEL_MODE_FORCE.", ("run", run));
        }

        return null;
    }

    /// <summary>The operation when the caller may see it; null otherwise (callers hear NOT_FOUND, as for one that does not exist).</summary>
    public Operation? Visible(Caller caller, Operation? operation) =>
        operation is not null && GrantOf(caller).MaySee(operation, caller.Principal) ? operation : null;
}
