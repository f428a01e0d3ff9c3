namespace CancelGateway.Hosting;

/// <summary>What the gateway prints once it listens.</summary>
internal static class GatewayBanner
{
    public static void Write(TextWriter output, GatewayListeners listeners)
    {
        // The first line's form is what scripts and tests read the gRPC port from.
        output.WriteLine($"CancelGateway listening on {listeners.GrpcAddress} (gRPC, gRPC-Web)");
        output.WriteLine(listeners.HttpAddress is { } http
            ? $"REST/JSON, gRPC-Web (HTTP/1.1) and /metrics on {http} (e.g. POST {http}v1/runs:cancel)"
            : "REST/JSON, gRPC-Web over HTTP/1.1 and /metrics: off (Gateway:HttpListen is empty)");
        output.Flush();
    }
}
