namespace CancelGateway.Operations;

/// <summary>Whose work a provider call is and in which lane it waits: what <see cref="FairQueue{T}"/> orders by.</summary>
internal readonly record struct ProviderWork(CallerKey Caller, WorkLane Lane)
{
    /// <summary>Resumed on start, no caller to be fair to: the batch lane, so it never jumps ahead of a live single Cancel.</summary>
    public static ProviderWork Resumed(WorkLane lane) => new(CallerKey.Resumed, lane);

    /// <summary>Work taken over from an earlier worker (a previous start, or a replica that died), which may have sent requests whose outcome was never recorded.</summary>
    public bool IsResumed => Caller == CallerKey.Resumed;
}
