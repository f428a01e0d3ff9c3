using CancelGateway.V1;

namespace CancelGateway.Storage;

/// <summary>Collects one page of the audit trail from rows read in sequence order (the stores read one row beyond the page to know whether another exists).</summary>
internal sealed class AuditPageBuilder(int pageSize)
{
    private readonly List<AuditEvent> _events = new(pageSize);
    private bool _more;

    /// <summary>Takes a row; false when the page is full (stop reading).</summary>
    public bool TryAdd(long sequence, byte[] body)
    {
        if (_events.Count == pageSize)
        {
            _more = true;
            return false;
        }

        var auditEvent = AuditEvent.Parser.ParseFrom(body);
        auditEvent.Sequence = sequence;
        _events.Add(auditEvent);
        return true;
    }

    public AuditPage Build() => new(_events, _more ? _events[^1].Sequence : null);
}
