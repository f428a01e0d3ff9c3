using CancelGateway.Demo;
using CancelGateway.Emulators.CodeArts;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Emulators.SageMaker;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Hosting;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Tests.Functional.Selection;

/// <summary>
/// CancelMatching end to end: the real host with the real adapters, listing and cancelling
/// against the three emulators (src/CancelGateway.Emulators), 300 runs per scope in mixed
/// states, paged through at the providers' own page sizes.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class CancelMatchingEmulatorTests
{
    private const int RunsPerScope = 300;
    private const string VertexScope = "projects/selector-project/locations/us-central1";
    private const string SageMakerPipeline = "selector-pipeline";
    private const string CodeArtsProject = "selectorproject00000000000000000";
    private const string CodeArtsPipeline = "selectorpipeline0000000000000000";

    [Fact]
    public async Task CancelMatching_300RunsPerScopeOnEachEmulator_DryRunPinsAndTokenCancelsExactlyThose()
    {
        using var directory = new TempDirectory();
        var logs = new CapturingLoggerProvider();
        var (app, emulators) = await DemoGateway.BuildAsync(
            [
                "--Gateway:Listen=127.0.0.1:0",
                "--Gateway:HttpListen=127.0.0.1:0",
                $"--Storage:Sqlite:Path={directory.File("operations.db")}",
                "--Engine:PollInitialInterval=00:00:00.050",
                "--Engine:PollMaxInterval=00:00:00.250",
                "--Engine:ProviderRequestsPerSecond=500",
            ],
            builder => builder.Logging.ClearProviders().AddProvider(logs));
        await using (app)
        {
            await app.StartAsync().Within();
            using var client = new GatewayClient(app.Services.GetRequiredService<GatewayListeners>().GrpcAddress);
            // Whole seconds: SageMaker reports creation times to the millisecond, so a run created on
            // the window's bound must be seeded at a time the bound can name exactly.
            var clock = TimeProvider.System.GetUtcNow();
            var now = new DateTimeOffset(clock.Year, clock.Month, clock.Day, clock.Hour, clock.Minute, clock.Second, TimeSpan.Zero);
            var seeded = Seed(emulators, now);
            var sageMakerScope = $"arn:aws:sagemaker:us-east-1:123456789012:pipeline/{SageMakerPipeline}";
            var codeArtsScope = $"codearts/regions/{emulators.CodeArts.Region}/projects/{CodeArtsProject}/pipelines/{CodeArtsPipeline}";

            // Created 21 to 250 minutes ago: 230 runs a scope, three pages of 100 each.
            var filter = $"state = RUNNING AND create_time >= \"{now.AddMinutes(-250):O}\" AND create_time < \"{now.AddMinutes(-20):O}\"";
            var expected = seeded.Where(s => s.Running && s.Minute is > 20 and <= 250).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
            CancelMatchingRequest Request(bool dryRun, string token = "") => new()
            {
                Scopes = { VertexScope, sageMakerScope, codeArtsScope },
                Filter = filter,
                DryRun = dryRun,
                MaxRuns = 1000,
                SelectionToken = token,
                Reason = "runaway trigger",
            };

            var dryRun = await client.CancelMatchingAsync(Request(dryRun: true)).Within();

            var listed = dryRun.Response.Unpack<BatchCancelResponse>();
            Assert.Equal(expected, listed.Matches.Select(m => m.Name));
            Assert.Equal([Provider.VertexAi, Provider.Sagemaker, Provider.Codearts], listed.Matches.Select(m => m.Provider).Distinct().Order());
            Assert.True(emulators.Vertex.ListCalls(VertexScope) >= 3, $"Vertex AI listed in {emulators.Vertex.ListCalls(VertexScope)} pages.");
            Assert.True(emulators.SageMaker.ListCalls(sageMakerScope) >= 3, $"SageMaker listed in {emulators.SageMaker.ListCalls(sageMakerScope)} pages.");
            Assert.True(emulators.CodeArts.ListCalls(CodeArtsPipeline) >= 3, $"CodeArts listed in {emulators.CodeArts.ListCalls(CodeArtsPipeline)} pages.");
            Assert.Equal(0, emulators.Vertex.BatchCancelCalls + emulators.CodeArts.StopCallsTotal);

            // Between the two requests a pinned run ends, and a new run starts matching.
            var ended = seeded.First(s => s.Name == expected.First(name => name.StartsWith(VertexScope, StringComparison.Ordinal)));
            ((VertexRunBuilder)ended.Builder).InState(PipelineState.Succeeded);
            var newcomer = emulators.SageMaker.AddExecution($"{sageMakerScope}/execution/newcomer").InStatus(SageMakerExecutionStatus.Executing).CreatedAt(now.AddMinutes(-100));

            var pending = await client.CancelMatchingAsync(Request(dryRun: false, listed.SelectionToken)).Within();
            var done = await client.WaitDoneAsync(pending.Name, TimeSpan.FromSeconds(120)).Within();

            var selection = done.Metadata.Unpack<BatchCancelOperationMetadata>().Selection;
            var outOfScope = Assert.Single(selection.OutOfScope);
            Assert.Equal((ended.Name, OutOfScopeRun.Types.Why.Ended, RunState.Succeeded), (outOfScope.Name, outOfScope.Why, outOfScope.State));
            Assert.Equal(1, selection.NewMatchesNotAdded);
            var response = done.Response.Unpack<BatchCancelResponse>();
            Assert.Empty(response.FailedRequests);
            Assert.Equal(expected.Where(name => name != ended.Name), response.Results.Select(r => r.Run).Order(StringComparer.Ordinal));
            Assert.All(response.Results, r => Assert.Equal(RunState.Cancelled, r.FinalState));
            Assert.Equal(0, emulators.SageMaker.StopCalls(newcomer.Arn));
            foreach (var run in seeded.Where(s => !expected.Contains(s.Name) || s.Name == ended.Name))
            {
                Assert.True(Untouched(emulators, run), $"{run.Name} was not selected but was asked to stop.");
            }

            Assert.Empty(logs.Errors);
            await app.StopAsync().Within();
        }
    }

    private static bool Untouched(EmulatorHost emulators, SeededRun run) => run.Builder switch
    {
        VertexRunBuilder vertex => emulators.Vertex.CancelCalls(vertex.Name) == 0 && emulators.Vertex.GetRun(vertex.Name)!.State != PipelineState.Cancelled,
        SageMakerExecutionBuilder sageMaker => emulators.SageMaker.StopCalls(sageMaker.Arn) == 0,
        CodeArtsRunBuilder codeArts => emulators.CodeArts.StopCalls(codeArts.RunId) == 0,
        _ => false,
    };

    /// <summary>300 runs a scope, one a minute back from <paramref name="now"/>, cycling through five states of which two are running.</summary>
    private static List<SeededRun> Seed(EmulatorHost emulators, DateTimeOffset now)
    {
        var runs = new List<SeededRun>();
        PipelineState[] vertex = [PipelineState.Running, PipelineState.Succeeded, PipelineState.Running, PipelineState.Failed, PipelineState.Queued];
        SageMakerExecutionStatus[] sageMaker = [SageMakerExecutionStatus.Executing, SageMakerExecutionStatus.Succeeded, SageMakerExecutionStatus.Executing, SageMakerExecutionStatus.Failed, SageMakerExecutionStatus.Stopped];
        CodeArtsRunStatus[] codeArts = [CodeArtsRunStatus.Running, CodeArtsRunStatus.Completed, CodeArtsRunStatus.Running, CodeArtsRunStatus.Failed, CodeArtsRunStatus.Canceled];
        for (var minute = 1; minute <= RunsPerScope; minute++)
        {
            var created = now.AddMinutes(-minute);
            var running = minute % 5 is 0 or 2;
            var v = emulators.Vertex.AddRun($"{VertexScope}/pipelineJobs/selected-{minute:D3}").InState(vertex[minute % 5]).CreatedAt(created);
            runs.Add(new SeededRun(v.Name, minute, running, v));
            var s = emulators.SageMaker.AddExecution($"arn:aws:sagemaker:us-east-1:123456789012:pipeline/{SageMakerPipeline}/execution/selected{minute:D3}")
                .InStatus(sageMaker[minute % 5]).CreatedAt(created);
            runs.Add(new SeededRun(s.Arn, minute, running, s));
            var c = emulators.CodeArts.AddRun(CodeArtsProject, CodeArtsPipeline, $"selected{minute:D3}").InStatus(codeArts[minute % 5]).StartedAt(created);
            runs.Add(new SeededRun(c.RunName, minute, running, c));
        }

        return runs;
    }

    private sealed record SeededRun(string Name, int Minute, bool Running, object Builder);
}
