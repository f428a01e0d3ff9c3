namespace CancelGateway.Tests.Support;

/// <summary>One provider's <c>GET /_emulator/counters</c>.</summary>
/// <param name="ApiRequests">Requests to the provider's API so far (not its token endpoint).</param>
/// <param name="AcceptedStops">Accepted stop (cancel) requests by the provider's run key.</param>
/// <param name="RequestsPerSecond">API requests by the Unix second they arrived in.</param>
internal sealed record EmulatorCountersSnapshot(int ApiRequests, IReadOnlyDictionary<string, int> AcceptedStops, IReadOnlyDictionary<long, int> RequestsPerSecond);
