namespace CancelGateway.Hosting;

/// <summary>
/// A setting the gateway cannot start with: unknown, malformed, or missing. Its message is one
/// line that names the setting; the command line prints just that and exits with code 2.
/// </summary>
internal sealed class GatewayConfigurationException(string message) : Exception(message);
