using System.Globalization;
using CancelGateway.Emulators.CodeArts;

namespace CancelGateway.Emulators.Hosting;

/// <summary>
/// Many running runs per provider with predictable names (<c>--running-runs N</c>), for driving
/// gateways out of process at volume: run <c>i</c> (from 1) of each provider is named from the
/// same number, and each stops <c>stopTime</c> after a stop request.
/// </summary>
public static class RunningRuns
{
    /// <summary>The Vertex AI name of running run <paramref name="i"/>.</summary>
    public static string VertexName(int i) => $"{DemoRuns.VertexParent}/pipelineJobs/running-{Number(i)}";

    /// <summary>The CodeArts run id (32 alphanumerics) of running run <paramref name="i"/>; the emulator's counters key runs by it.</summary>
    public static string CodeArtsRunId(int i) => "running" + i.ToString("D25", CultureInfo.InvariantCulture);

    /// <summary>The gateway's name of CodeArts running run <paramref name="i"/>.</summary>
    public static string CodeArtsName(int i) => CodeArtsEmulator.RunNameOf(DemoRuns.CodeArtsRegion, DemoRuns.CodeArtsProjectId, DemoRuns.CodeArtsPipelineId, CodeArtsRunId(i));

    /// <summary>The SageMaker execution ARN of running run <paramref name="i"/>.</summary>
    public static string SageMakerArn(int i) => $"{DemoRuns.SageMakerPipelineArn}/execution/running{Number(i)}";

    /// <summary>Seeds runs 1..<paramref name="count"/> on every provider, all running.</summary>
    public static void Seed(EmulatorHost host, int count, TimeSpan stopTime)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (var i = 1; i <= count; i++)
        {
            host.Vertex.AddRun(VertexName(i)).CancellingFor(stopTime);
            host.CodeArts.AddRun(DemoRuns.CodeArtsProjectId, DemoRuns.CodeArtsPipelineId, CodeArtsRunId(i)).WithName("running-pipeline").StopTakes(stopTime);
            host.SageMaker.AddExecution(SageMakerArn(i)).WithStep("train").StopsAfter(stopTime);
        }
    }

    private static string Number(int i) => i.ToString("D5", CultureInfo.InvariantCulture);
}
