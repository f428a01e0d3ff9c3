using CancelGateway.Emulators.Vertex;

namespace CancelGateway.Emulators.Hosting;

/// <summary>
/// The runs a demo starts with, the same for the standalone emulators and for the gateway's
/// embedded mode, so a walkthrough works against either.
/// </summary>
public static class DemoRuns
{
    /// <summary>Project and location of the Vertex demo runs.</summary>
    public const string VertexParent = "projects/demo-project/locations/us-central1";

    /// <summary>CANCELLING lasts long enough for a person to see it.</summary>
    private static readonly TimeSpan DemoCancellingDuration = TimeSpan.FromSeconds(2);

    /// <summary>Names of the Vertex demo runs, in the order they are seeded.</summary>
    public static IReadOnlyList<string> VertexRunNames { get; } =
    [
        Vertex("demo-running-1"),
        Vertex("demo-running-2"),
        Vertex("demo-running-3"),
        Vertex("demo-loses-race"),
        Vertex("demo-succeeded"),
        Vertex("demo-failed"),
        Vertex("demo-forbidden"),
    ];

    /// <summary>
    /// Seeds: demo-running-1..3 (RUNNING, a cancel wins after 2 s of CANCELLING), demo-loses-race
    /// (RUNNING; a cancel loses and it ends SUCCEEDED), demo-succeeded and demo-failed (already
    /// ended), demo-forbidden (the caller lacks the IAM permissions: 403).
    /// </summary>
    /// <returns>The seeded names (<see cref="VertexRunNames"/>).</returns>
    public static IReadOnlyList<string> SeedVertex(VertexEmulator vertex)
    {
        ArgumentNullException.ThrowIfNull(vertex);
        for (var i = 1; i <= 3; i++)
        {
            vertex.AddRun(Vertex($"demo-running-{i}")).WithDisplayName($"demo training pipeline {i}").CancellingFor(DemoCancellingDuration);
        }

        vertex.AddRun(Vertex("demo-loses-race")).WithDisplayName("demo pipeline that finishes anyway").LosesRace().CancellingFor(DemoCancellingDuration);
        vertex.AddRun(Vertex("demo-succeeded")).WithDisplayName("demo pipeline that succeeded").InState(PipelineState.Succeeded);
        vertex.AddRun(Vertex("demo-failed")).WithDisplayName("demo pipeline that failed").InState(PipelineState.Failed);
        vertex.AddRun(Vertex("demo-forbidden")).WithDisplayName("demo pipeline of another team").Forbidden();
        return VertexRunNames;
    }

    private static string Vertex(string job) => $"{VertexParent}/pipelineJobs/{job}";
}
