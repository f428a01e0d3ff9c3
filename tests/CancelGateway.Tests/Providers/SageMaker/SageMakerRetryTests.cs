using CancelGateway.Emulators.SageMaker;
using CancelGateway.Providers;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Providers.SageMaker;

/// <summary>
/// The engine retries a failed stop with the same operation; the adapter's ClientRequestToken is
/// derived from it, so however the failures fall (before or after the stop took effect), AWS acts once.
/// </summary>
public sealed class SageMakerRetryTests
{
    [Fact]
    public async Task RequestCancelAsync_RetriesAfter503_OneAcceptedStopWithOneToken()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var runs = Enumerable.Range(1, 5).Select(i => h.Add($"retry{i}", b => b.WithStep("train"))).ToList();

        // Each stop first takes effect and loses its answer, then is refused before taking effect, then succeeds.
        foreach (var (run, i) in runs.Select((r, i) => (r, i)))
        {
            var context = SageMakerHarness.Graceful with { OperationId = $"{i:x2}" + SageMakerHarness.OperationId[2..] };
            h.Emulator.Faults.FailAfterEffectRate = 1;
            await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, context, CancellationToken.None)).Within();
            h.Emulator.Faults.Reset();
            h.Emulator.Faults.FailureRate = 1;
            h.Emulator.Faults.ThrottleShare = 0;
            var refused = await Assert.ThrowsAsync<ProviderException>(() => h.Provider.RequestCancelAsync(run, context, CancellationToken.None)).Within();
            Assert.True(refused.IsTransient);
            h.Emulator.Faults.Reset();
            Assert.Equal(CancelSubmission.Accepted, await h.Provider.RequestCancelAsync(run, context, CancellationToken.None).Within());
        }

        Assert.All(runs.Select((r, i) => (r, i)), item =>
        {
            var (run, i) = item;
            Assert.Equal(3, h.Emulator.StopCalls(run.Text));
            Assert.Equal(1, h.Emulator.AcceptedStops(run.Text));
            Assert.Equal([$"cancelgateway-stop-{i:x2}" + SageMakerHarness.OperationId[2..]], h.Emulator.StopRequestTokens(run.Text));
            Assert.Equal(SageMakerExecutionStatus.Stopping, h.Execution(run).Status);
        });
    }

    [Fact]
    public async Task RequestCancelAsync_AnotherOperation_AnotherToken()
    {
        await using var h = await SageMakerHarness.StartAsync();
        var run = h.Add("two1", b => b.WithStep("train"));

        await h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful, CancellationToken.None).Within();
        await h.Provider.RequestCancelAsync(run, SageMakerHarness.Graceful with { OperationId = "fedcba9876543210fedcba9876543210" }, CancellationToken.None).Within();

        Assert.Equal(2, h.Emulator.AcceptedStops(run.Text));
    }
}
