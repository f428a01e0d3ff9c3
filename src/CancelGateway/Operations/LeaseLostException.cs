namespace CancelGateway.Operations;

/// <summary>
/// This replica's lease lapsed: its workers stop before their next provider call, leaving their
/// operations unfinished in the store for whichever replica claims them next (this one, once it
/// has joined again, or another). Never an operation's failure.
/// </summary>
internal sealed class LeaseLostException : Exception
{
    public LeaseLostException()
        : base("This replica's lease lapsed; its operations are left for the replica that claims them.")
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
