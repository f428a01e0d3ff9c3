namespace CancelGateway.Storage;

/// <summary>
/// The store could not be used: not written (a read-only file or directory, a full disk, a lock
/// held elsewhere past the busy timeout) or not read. Nothing was stored; the request may be
/// retried once the store is fixed, so callers hear UNAVAILABLE rather than UNKNOWN.
/// </summary>
internal sealed class StoreUnavailableException(string message, Exception innerException) : Exception(message, innerException);
