using CancelGateway.Emulators.Vertex;

namespace CancelGateway.Emulators.Hosting;

/// <summary>
/// Every provider emulator in one process (Vertex AI today), each on its own 127.0.0.1 port:
/// what the standalone Program runs, and what the gateway's embedded mode starts in-process.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private EmulatorHost(VertexEmulator vertex) => Vertex = vertex;

    /// <summary>The Vertex AI Pipelines emulator.</summary>
    public VertexEmulator Vertex { get; }

    /// <summary>Starts every emulator and, unless told otherwise, seeds the demo runs.</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="timeProvider">The emulators' clock; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<EmulatorHost> StartAsync(
        EmulatorHostOptions? options = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorHostOptions();
        var vertex = await VertexEmulator.StartAsync(options.Vertex, timeProvider, cancellationToken);
        try
        {
            if (options.SeedDemoRuns)
            {
                DemoRuns.SeedVertex(vertex);
            }

            return new EmulatorHost(vertex);
        }
        catch
        {
            await vertex.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops every emulator.</summary>
    public ValueTask DisposeAsync() => Vertex.DisposeAsync();
}
