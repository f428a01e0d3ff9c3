using CancelGateway.Emulators.CodeArts;
using CancelGateway.Emulators.SageMaker;
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

    /// <summary>Region of the CodeArts demo runs (the emulator's default region).</summary>
    public const string CodeArtsRegion = "cn-north-4";

    /// <summary>CodeArts project of the demo runs: 32 alphanumerics like a real ID, readable in a demo.</summary>
    public const string CodeArtsProjectId = "demoproject000000000000000000000";

    /// <summary>CodeArts pipeline of the demo runs.</summary>
    public const string CodeArtsPipelineId = "demopipeline00000000000000000000";

    /// <summary>CancelGateway names of the CodeArts demo runs, in the order they are seeded.</summary>
    public static IReadOnlyList<string> CodeArtsRunNames { get; } =
    [
        CodeArtsName("running1"),
        CodeArtsName("running2"),
        CodeArtsName("running3"),
        CodeArtsName("losesrace"),
        CodeArtsName("completed"),
        CodeArtsName("failed"),
        CodeArtsName("forbidden"),
    ];

    /// <summary>
    /// Seeds, all in one pipeline: demorunning1..3 (RUNNING; a stop keeps it RUNNING for 2 s, as
    /// CodeArts shows no stopping status, then CANCELED), demolosesrace (RUNNING; a stop loses and it
    /// ends COMPLETED), democompleted and demofailed (already ended), demoforbidden (403).
    /// </summary>
    /// <returns>The seeded names (<see cref="CodeArtsRunNames"/>).</returns>
    public static IReadOnlyList<string> SeedCodeArts(CodeArtsEmulator codeArts)
    {
        ArgumentNullException.ThrowIfNull(codeArts);
        for (var i = 1; i <= 3; i++)
        {
            AddCodeArtsRun(codeArts, $"running{i}").StopTakes(DemoCancellingDuration);
        }

        AddCodeArtsRun(codeArts, "losesrace").LosesRace().StopTakes(DemoCancellingDuration);
        AddCodeArtsRun(codeArts, "completed").InStatus(CodeArtsRunStatus.Completed);
        AddCodeArtsRun(codeArts, "failed").InStatus(CodeArtsRunStatus.Failed);
        AddCodeArtsRun(codeArts, "forbidden").Forbidden();
        return CodeArtsRunNames;
    }

    private static CodeArtsRunBuilder AddCodeArtsRun(CodeArtsEmulator codeArts, string word) =>
        codeArts.AddRun(CodeArtsProjectId, CodeArtsPipelineId, CodeArtsRunId(word)).WithName("demo-pipeline");

    private static string CodeArtsRunId(string word) => ("demo" + word).PadRight(32, '0');

    private static string CodeArtsName(string word) => CodeArtsEmulator.RunNameOf(CodeArtsRegion, CodeArtsProjectId, CodeArtsPipelineId, CodeArtsRunId(word));

    /// <summary>The pipeline ARN prefix of the SageMaker demo executions (region us-east-1, a made-up account).</summary>
    public const string SageMakerPipelineArn = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/demo-pipeline";

    /// <summary>ARNs of the SageMaker demo executions, in the order they are seeded.</summary>
    public static IReadOnlyList<string> SageMakerExecutionArns { get; } =
    [
        SageMakerArn("plainsteps1"),
        SageMakerArn("callbackwait1"),
        SageMakerArn("lambdafinishes1"),
        SageMakerArn("lambdatimesout1"),
        SageMakerArn("succeeded1"),
        SageMakerArn("failed1"),
        SageMakerArn("forbidden1"),
    ];

    /// <summary>
    /// Seeds: plainsteps1 (two plain steps: a stop ends Stopped after 2 s), callbackwait1 (a callback
    /// step holds the stop until SendPipelineExecutionStepSuccess/Failure answers it, or a FORCE
    /// cancel fails it), lambdafinishes1 (a Lambda step still runs 5 s after the stop: Stopped),
    /// lambdatimesout1 (a Lambda step hits its 5 s timeout during the stop: Failed), succeeded1 and
    /// failed1 (already ended), forbidden1 (AccessDeniedException). The Lambda timings count from
    /// the stop, so the demo behaves the same however late it is stopped.
    /// </summary>
    /// <returns>The seeded ARNs (<see cref="SageMakerExecutionArns"/>).</returns>
    public static IReadOnlyList<string> SeedSageMaker(SageMakerEmulator sageMaker)
    {
        ArgumentNullException.ThrowIfNull(sageMaker);
        var lambdaTime = TimeSpan.FromSeconds(5);
        sageMaker.AddExecution(SageMakerArn("plainsteps1")).WithStep("preprocess").WithStep("train").StopsAfter(DemoCancellingDuration);
        sageMaker.AddExecution(SageMakerArn("callbackwait1")).WithStep("train").WithCallbackStep("approve-model").StopsAfter(DemoCancellingDuration);
        sageMaker.AddExecution(SageMakerArn("lambdafinishes1")).WithStep("train").WithLambdaStep("notify", lambdaTime, TimeSpan.FromMinutes(1), timedFromStop: true).StopsAfter(DemoCancellingDuration);
        sageMaker.AddExecution(SageMakerArn("lambdatimesout1")).WithStep("train").WithLambdaStep("export", TimeSpan.FromMinutes(10), lambdaTime, timedFromStop: true).StopsAfter(DemoCancellingDuration);
        sageMaker.AddExecution(SageMakerArn("succeeded1")).WithStep("train").InStatus(SageMakerExecutionStatus.Succeeded);
        sageMaker.AddExecution(SageMakerArn("failed1")).WithStep("train").InStatus(SageMakerExecutionStatus.Failed);
        sageMaker.AddExecution(SageMakerArn("forbidden1")).WithStep("train").Forbidden();
        return SageMakerExecutionArns;
    }

    private static string SageMakerArn(string executionId) => $"{SageMakerPipelineArn}/execution/{executionId}";

    private static string Vertex(string job) => $"{VertexParent}/pipelineJobs/{job}";
}
