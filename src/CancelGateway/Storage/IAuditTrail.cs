using CancelGateway.V1;

namespace CancelGateway.Storage;

/// <summary>
/// The append-only record of who asked to cancel what and what was decided. An event is
/// written once and never changed or deleted (the database refuses both).
/// </summary>
internal interface IAuditTrail
{
    /// <summary>Appends an event; returns once it is committed.</summary>
    Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>A page of events matching <paramref name="query"/>, oldest first, after <paramref name="afterSequence"/>.</summary>
    Task<AuditPage> ListAsync(AuditQuery query, int pageSize, long afterSequence, CancellationToken cancellationToken);
}
