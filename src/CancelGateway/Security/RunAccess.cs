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
    private const int MaxCachedSubjects = 50_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, OperationSubject> _subjects = new(StringComparer.Ordinal);

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
    public Operation? Visible(Caller caller, Operation? operation)
    {
        if (operation is null)
        {
            return null;
        }

        var grant = GrantOf(caller);
        return grant.IsUnrestricted || grant.MaySee(SubjectOf(operation), caller.Principal) ? operation : null;
    }

    /// <summary>An operation's runs never change: read from its metadata once (bounded: at the bound the cache starts over).</summary>
    private OperationSubject SubjectOf(Operation operation)
    {
        if (_subjects.TryGetValue(operation.Name, out var known))
        {
            return known;
        }

        var subject = OperationSubject.Of(operation);
        if (_subjects.Count >= MaxCachedSubjects)
        {
            _subjects.Clear();
        }

        _subjects[operation.Name] = subject;
        return subject;
    }
}
