using CancelGateway.Emulators.Hosting;

namespace CancelGateway.Clients.Tests.Support;

/// <summary>The demo runs the tests cancel: one that a cancel wins, per provider, and one that does not exist.</summary>
internal static class DemoRunNames
{
    public static string Vertex(int i) => DemoRuns.VertexRunNames[i - 1];

    public static string CodeArts(int i) => DemoRuns.CodeArtsRunNames[i - 1];

    public static string SageMaker(string execution) => $"{DemoRuns.SageMakerPipelineArn}/execution/{execution}";

    public const string UnknownVertex = DemoRuns.VertexParent + "/pipelineJobs/no-such-job";

    public const string Malformed = "not-a-run-name";
}
