namespace CancelGateway.Storage;

/// <summary>
/// Collects one page of a listing from rows read oldest first, whatever the database: at most
/// a page size of rows and none after a byte bound is reached (at least one, so paging
/// progresses); corrupt bodies count as rows read but are reported and left out (the page is
/// then short, and nothing after it is skipped). A row offered beyond
/// the page tells that another page exists.
/// </summary>
internal sealed class OperationPageBuilder(int pageSize, long maxBytes, Action<string, Exception> reportUnreadable)
{
    private readonly List<ListedOperation> _operations = [];
    private long _last;
    private long _bytes;
    private int _read;
    private bool _more;

    /// <summary>Takes a row; false when the page is full (the row is not taken: stop reading).</summary>
    public bool TryAdd(long sequence, string name, byte[] body)
    {
        if (_read == pageSize || (_read > 0 && _bytes >= maxBytes))
        {
            _more = true;
            return false;
        }

        _read++;
        _last = sequence;
        _bytes += body.Length;
        if (StoredBodies.TryParse(body, out var operation, out var failure))
        {
            _operations.Add(new ListedOperation(sequence, operation));
        }
        else
        {
            reportUnreadable(name, failure);
        }

        return true;
    }

    public OperationPage Build() => new(_operations, _more ? _last : null);
}
