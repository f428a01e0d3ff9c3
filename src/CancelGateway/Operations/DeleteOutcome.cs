namespace CancelGateway.Operations;

/// <summary>What became of a DeleteOperation.</summary>
internal enum DeleteOutcome
{
    /// <summary>The done operation is gone (its request id stays claimed).</summary>
    Deleted,

    /// <summary>There is no such operation.</summary>
    NotFound,

    /// <summary>The operation is still in flight; only done ones are deleted.</summary>
    NotDone,
}
