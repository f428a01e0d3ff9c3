using Grpc.AspNetCore.Server;

namespace CancelGateway.Hosting;

/// <summary>
/// The grpc-dotnet settings the gateway runs with, chosen on purpose and kept in one place so
/// that the transport tests' probe server runs with exactly the same ones.
/// </summary>
public static class GrpcTransportSettings
{
    /// <summary>
    /// The largest request message accepted, after decompression (4 MiB, gRPC's usual default).
    /// The biggest legitimate request is a BatchCancel of 1 000 run names, well under 1 MiB.
    /// A larger one is RESOURCE_EXHAUSTED.
    /// </summary>
    public const int MaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// The largest response message sent (16 MiB): a ListOperations page is bounded at 1 MiB
    /// (a single larger operation is sent alone) and GetOperation of a batch of 1 000 runs fits;
    /// anything larger is a bug, reported as RESOURCE_EXHAUSTED instead of a huge frame.
    /// </summary>
    public const int MaxSendMessageSize = 16 * 1024 * 1024;

    /// <summary>Applies the gateway's settings to grpc-dotnet's service options.</summary>
    /// <param name="options">The options to set.</param>
    /// <param name="enableDetailedErrors">
    /// When true, an unexpected handler exception's message is sent to the caller; off by default,
    /// so a caller sees "Exception was thrown by handler." and nothing of the gateway's internals.
    /// </param>
    public static void Apply(GrpcServiceOptions options, bool enableDetailedErrors)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MaxReceiveMessageSize = MaxReceiveMessageSize;
        options.MaxSendMessageSize = MaxSendMessageSize;
        options.EnableDetailedErrors = enableDetailedErrors;

        // Requests may come gzip-compressed (grpc-dotnet registers gzip by default); responses are
        // sent uncompressed: operations are small and mostly unique strings, so compression would
        // cost CPU on both sides for little gain.
        options.ResponseCompressionAlgorithm = null;
    }
}
