namespace CancelGateway.Storage;

/// <summary>The two kinds of operation.</summary>
internal enum OperationKind
{
    /// <summary>The cancellation of one run.</summary>
    Cancel = 1,

    /// <summary>A batch of cancellations.</summary>
    Batch = 2,
}
