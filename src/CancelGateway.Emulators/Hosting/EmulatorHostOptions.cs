using CancelGateway.Emulators.Vertex;

namespace CancelGateway.Emulators.Hosting;

/// <summary>Settings of an <see cref="EmulatorHost"/>.</summary>
public sealed class EmulatorHostOptions
{
    /// <summary>Settings of the Vertex AI emulator.</summary>
    public VertexEmulatorOptions Vertex { get; set; } = new();

    /// <summary>Whether to seed <see cref="DemoRuns"/> (default true).</summary>
    public bool SeedDemoRuns { get; set; } = true;
}
