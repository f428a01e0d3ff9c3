namespace CancelGateway.Storage;

/// <summary>What an <see cref="OperationChange"/> says.</summary>
internal enum OperationChangeKind
{
    /// <summary>Another process wrote one operation: read it again if it is followed here.</summary>
    Written,

    /// <summary>The poll interval passed: read every watched operation again, in case a notification was lost.</summary>
    PollDue,

    /// <summary>Notifications may have been missed (the feed's connection was lost and is back): read again everything followed here.</summary>
    MaybeMissed,
}
