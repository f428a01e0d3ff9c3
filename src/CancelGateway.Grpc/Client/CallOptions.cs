namespace CancelGateway.Grpc.Client;

/// <summary>Per-call options.</summary>
/// <param name="Headers">Request metadata.</param>
/// <param name="Timeout">The call's deadline, relative to its start; sent as <c>grpc-timeout</c>.</param>
/// <param name="CompressRequest">Send request messages gzip-compressed.</param>
/// <param name="CancellationToken">Cancels the call (the server sees RST_STREAM and its handler's token fires).</param>
public readonly record struct CallOptions(Metadata? Headers = null, TimeSpan? Timeout = null, bool CompressRequest = false, CancellationToken CancellationToken = default);
