namespace CancelGateway.Operations;

/// <summary>Which queue of a provider a call waits in.</summary>
internal enum WorkLane
{
    /// <summary>A single Cancel's calls: someone is usually waiting for this one run.</summary>
    Interactive,

    /// <summary>A BatchCancel's bulk requests and its runs' calls.</summary>
    Batch,
}
