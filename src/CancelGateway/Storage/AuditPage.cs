using CancelGateway.V1;

namespace CancelGateway.Storage;

/// <summary>One page of the audit trail.</summary>
/// <param name="Events">The events, oldest first, with their sequence set.</param>
/// <param name="LastSequence">Where the next page starts after; null when there are no more.</param>
internal sealed record AuditPage(IReadOnlyList<AuditEvent> Events, long? LastSequence);
