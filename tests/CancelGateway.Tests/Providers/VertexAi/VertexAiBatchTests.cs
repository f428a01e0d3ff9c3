using CancelGateway.Emulators.Vertex;
using Grpc.Core;
using CancelGateway.Providers;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Providers.VertexAi;

/// <summary>pipelineJobs:batchCancel: up to 32 runs of one parent, all or nothing.</summary>
public sealed class VertexAiBatchTests
{
    [Fact]
    public async Task RequestCancelBatchAsync_32Runs_CancelsAllInOneRequest()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var runs = Enumerable.Range(0, 32).Select(i => h.AddRun($"batch-{i}")).ToList();

        await h.Provider.RequestCancelBatchAsync(runs, VertexAiHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(1, h.Emulator.BatchCancelCalls);
        Assert.All(runs, run => Assert.Equal(PipelineState.Cancelling, h.StateOf(run)));
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 2003 && e.Message.Contains(VertexAiHarness.Parent + "/operations/", StringComparison.Ordinal));
        Assert.Empty(h.UnexpectedErrors());
    }

    [Fact]
    public async Task RequestCancelBatchAsync_SomeAlreadyEnded_CancelsTheRestAndSucceeds()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var running = h.AddRun("mixed-running");
        var ended = h.AddRun("mixed-ended", b => b.InState(PipelineState.Succeeded));

        await h.Provider.RequestCancelBatchAsync([running, ended], VertexAiHarness.Graceful, CancellationToken.None).Within();

        Assert.Equal(PipelineState.Cancelling, h.StateOf(running));
        Assert.Equal(PipelineState.Succeeded, h.StateOf(ended));
    }

    [Fact]
    public async Task RequestCancelBatchAsync_OneUnknownRun_ThrowsNotFoundAndCancelsNothing()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var runs = Enumerable.Range(0, 5).Select(i => h.AddRun($"known-{i}")).ToList();
        var unknown = VertexAiHarness.Run("unknown");
        runs.Insert(2, unknown);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelBatchAsync(runs, VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.NotFound, ex.Code);
        Assert.Equal("RUN_NOT_FOUND", ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.Equal(404, ex.HttpStatus);
        Assert.Contains(unknown.Text, ex.Message, StringComparison.Ordinal);
        Assert.All(runs.Where(r => r != unknown), run => Assert.Equal(PipelineState.Running, h.StateOf(run)));
    }

    [Fact]
    public async Task RequestCancelBatchAsync_OneForbiddenRun_ThrowsPermissionDeniedAndCancelsNothing()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var open = h.AddRun("open");
        var closed = h.AddRun("closed", b => b.Forbidden());

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelBatchAsync([open, closed], VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(StatusCode.PermissionDenied, ex.Code);
        Assert.Equal(PipelineState.Running, h.StateOf(open));
    }

    [Fact]
    public async Task RequestCancelBatchAsync_Vertex503_ThrowsTransientAndCancelsNothing()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var runs = Enumerable.Range(0, 3).Select(i => h.AddRun($"flaky-{i}")).ToList();
        h.Emulator.Faults.FailureRate = 1;
        h.Emulator.Faults.ThrottleShare = 0;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelBatchAsync(runs, VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.True(ex.IsTransient);
        Assert.Equal(StatusCode.Unavailable, ex.Code);
        Assert.All(runs, run => Assert.Equal(PipelineState.Running, h.StateOf(run)));
    }

    [Fact]
    public async Task RequestCancelBatchAsync_33Runs_ThrowsArgumentExceptionWithoutCallingVertex()
    {
        await using var h = await VertexAiHarness.StartAsync();
        var runs = Enumerable.Range(0, 33).Select(i => VertexAiHarness.Run($"too-many-{i}")).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => h.Provider.RequestCancelBatchAsync(runs, VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(0, h.Emulator.BatchCancelCalls);
    }

    [Fact]
    public async Task RequestCancelBatchAsync_TwoParents_ThrowsArgumentExceptionWithoutCallingVertex()
    {
        await using var h = await VertexAiHarness.StartAsync();
        RunName[] runs = [VertexAiHarness.Run("a"), VertexAiHarness.Run("b", "projects/demo-project/locations/europe-west4")];

        await Assert.ThrowsAsync<ArgumentException>(() => h.Provider.RequestCancelBatchAsync(runs, VertexAiHarness.Graceful, CancellationToken.None)).Within();

        Assert.Equal(0, h.Emulator.BatchCancelCalls);
    }

    [Fact]
    public async Task BatchScope_RunsOfTwoLocations_Differ()
    {
        await using var h = await VertexAiHarness.StartAsync();

        var us = h.Provider.BatchScope(VertexAiHarness.Run("a"));
        var eu = h.Provider.BatchScope(VertexAiHarness.Run("a", "projects/demo-project/locations/europe-west4"));

        Assert.Equal("projects/demo-project/locations/us-central1", us);
        Assert.Equal("projects/demo-project/locations/europe-west4", eu);
    }
}
