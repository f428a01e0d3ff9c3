using CancelGateway.Emulators.CodeArts;
using CancelGateway.Emulators.SageMaker;
using CancelGateway.Emulators.Vertex;

namespace CancelGateway.Emulators.Hosting;

/// <summary>Settings of an <see cref="EmulatorHost"/>.</summary>
public sealed class EmulatorHostOptions
{
    /// <summary>Settings of the Vertex AI emulator.</summary>
    public VertexEmulatorOptions Vertex { get; set; } = new();

    /// <summary>Settings of the Huawei Cloud CodeArts Pipeline emulator (its own port; 0 picks a free one).</summary>
    public CodeArtsEmulatorOptions CodeArts { get; set; } = new();

    /// <summary>Settings of the Amazon SageMaker emulator (its own port; 0 picks a free one; the demo credentials by default).</summary>
    public SageMakerEmulatorOptions SageMaker { get; set; } = new();

    /// <summary>Whether to seed <see cref="DemoRuns"/> (default true).</summary>
    public bool SeedDemoRuns { get; set; } = true;

    /// <summary>How many <see cref="Hosting.RunningRuns"/> to seed per provider (default 0).</summary>
    public int RunningRuns { get; set; }

    /// <summary>How long a seeded running run takes to stop once asked (default 1 s).</summary>
    public TimeSpan RunningRunStopTime { get; set; } = TimeSpan.FromSeconds(1);
}
