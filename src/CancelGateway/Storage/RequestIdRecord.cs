namespace CancelGateway.Storage;

/// <summary>A request id already seen: the operation it led to and the request it came with.</summary>
/// <param name="OperationName">The operation the first request with this id returned.</param>
/// <param name="Fingerprint">The fingerprint of that first request.</param>
internal sealed record RequestIdRecord(string OperationName, string Fingerprint);
