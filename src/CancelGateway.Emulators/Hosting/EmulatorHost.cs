using CancelGateway.Emulators.CodeArts;
using CancelGateway.Emulators.SageMaker;
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

    /// <summary>The Huawei Cloud CodeArts Pipeline emulator (its API and its IAM token endpoint on one port).</summary>
    public CodeArtsEmulator CodeArts { get; private init; } = null!;

    /// <summary>The Amazon SageMaker Pipelines emulator (AWS JSON 1.1 with SigV4, its own port).</summary>
    public SageMakerEmulator SageMaker { get; private init; } = null!;

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
        CodeArtsEmulator? codeArts = null;
        SageMakerEmulator? sageMaker = null;
        try
        {
            codeArts = await CodeArtsEmulator.StartAsync(options.CodeArts, timeProvider, cancellationToken);
            sageMaker = await SageMakerEmulator.StartAsync(options.SageMaker, timeProvider, cancellationToken);
            if (options.SeedDemoRuns)
            {
                DemoRuns.SeedVertex(vertex);
                DemoRuns.SeedCodeArts(codeArts);
                DemoRuns.SeedSageMaker(sageMaker);
            }

            var host = new EmulatorHost(vertex) { CodeArts = codeArts, SageMaker = sageMaker };
            RunningRuns.Seed(host, options.RunningRuns, options.RunningRunStopTime);
            return host;
        }
        catch
        {
            if (sageMaker is not null)
            {
                await sageMaker.DisposeAsync();
            }

            if (codeArts is not null)
            {
                await codeArts.DisposeAsync();
            }

            await vertex.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops every emulator.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await SageMaker.DisposeAsync();
        }
        finally
        {
            try
            {
                await CodeArts.DisposeAsync();
            }
            finally
            {
                await Vertex.DisposeAsync();
            }
        }
    }
}
