namespace CancelGateway.Operations;

/// <summary>What resumed work found about a stop that an earlier worker may have sent without recording the answer.</summary>
internal enum UnrecordedStop
{
    /// <summary>No sign of one: the stop is sent now.</summary>
    None,

    /// <summary>The run is already stopping: the stop is not sent again.</summary>
    Underway,

    /// <summary>It was in flight and the run cannot tell whether it arrived: the run is polled, and asked again only if it shows no effect.</summary>
    MaybeSent,
}
