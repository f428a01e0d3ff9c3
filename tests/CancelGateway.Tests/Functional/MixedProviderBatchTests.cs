using CancelGateway.Demo;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Hosting;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// One BatchCancel across all three providers, through the gateway on the demo defaults (src/CancelGateway.Demo)
/// (the three emulators in-process with their demo runs): the README's first command, tested.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class MixedProviderBatchTests
{
    [Fact]
    public async Task BatchCancel_VertexSageMakerAndCodeArtsRuns_EachEndsWithItsOwnResult()
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
            ],
            builder => builder.Logging.ClearProviders().AddProvider(logs));
        await using (app)
        {
            Assert.NotNull(emulators);
            await app.StartAsync().Within();
            using var client = new GatewayClient(app.Services.GetRequiredService<GatewayListeners>().GrpcAddress);
            string[] names =
            [
                DemoRuns.VertexRunNames[0],          // running: cancelled
                DemoRuns.SageMakerExecutionArns[0],  // plain steps: stopped
                DemoRuns.CodeArtsRunNames[0],        // running: cancelled
                DemoRuns.VertexRunNames[4],          // already succeeded
                DemoRuns.CodeArtsRunNames[4],        // already completed
                DemoRuns.SageMakerExecutionArns[6],  // access denied
            ];

            var pending = await client.BatchCancelAsync(names, reason: "mixed batch").Within();
            var done = await client.WaitDoneAsync(pending.Name, TimeSpan.FromSeconds(60));

            var response = done.Response.Unpack<BatchCancelResponse>();
            var byRun = response.Results.ToDictionary(r => r.Run);
            Assert.Equal(RunState.Cancelled, byRun[names[0]].FinalState);
            Assert.Equal(Provider.VertexAi, byRun[names[0]].Provider);
            Assert.Equal(RunState.Cancelled, byRun[names[1]].FinalState);
            Assert.Equal(Provider.Sagemaker, byRun[names[1]].Provider);
            Assert.Equal(RunState.Cancelled, byRun[names[2]].FinalState);
            Assert.Equal(Provider.Codearts, byRun[names[2]].Provider);
            Assert.True(byRun[names[3]].AlreadyEnded);
            Assert.Equal(RunState.Succeeded, byRun[names[3]].FinalState);
            Assert.True(byRun[names[4]].AlreadyEnded);
            Assert.Equal(RunState.Succeeded, byRun[names[4]].FinalState);
            Assert.Equal([5], response.FailedRequests.Keys);
            Assert.Equal((int)global::Grpc.Core.StatusCode.PermissionDenied, response.FailedRequests[5].Code);
            var metadata = done.Metadata.Unpack<BatchCancelOperationMetadata>();
            Assert.Equal(6, metadata.DoneCount);
            Assert.Equal("mixed batch", metadata.Reason);
            await app.StopAsync().Within();
        }
    }
}
