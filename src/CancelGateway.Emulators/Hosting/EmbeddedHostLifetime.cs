using Microsoft.Extensions.Hosting;

namespace CancelGateway.Emulators.Hosting;

/// <summary>
/// A host lifetime that listens to no signals: an emulator lives inside someone else's process
/// (a test host, the gateway, the standalone Program), and that process decides when it stops.
/// The default console lifetime would also catch Ctrl+C and stop each emulator on its own.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
