using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>An accepted cancel is not proof of a stop: a run that shows no sign of stopping is asked again.</summary>
[Collection(FunctionalTests.Name)]
public sealed class ResubmitTests
{
    [Fact]
    public async Task Cancel_ProviderDropsTheAcceptedCancel_AsksAgainAndEndsCancelled()
    {
        await using var fixture = await GatewayFixture.StartAsync(new Dictionary<string, string> { ["Engine:ResubmitAfter"] = "00:00:00.300" });
        var run = fixture.AddRun(b => b.IgnoresCancels(1));

        var pending = await fixture.Client.CancelAsync(run).Within();
        var done = await fixture.Client.WaitDoneAsync(pending.Name, TimeSpan.FromSeconds(30));

        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        var metadata = done.Metadata.Unpack<CancelOperationMetadata>();
        Assert.Equal(2, metadata.Attempts);
        Assert.Equal(2, fixture.Emulator.AcceptedCancels(run));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancel_RunStopsNormally_AsksOnlyOnce()
    {
        await using var fixture = await GatewayFixture.StartAsync(new Dictionary<string, string> { ["Engine:ResubmitAfter"] = "00:00:00.300" });
        var run = fixture.AddRun(b => b.CancellingFor(TimeSpan.FromSeconds(1)));

        var pending = await fixture.Client.CancelAsync(run).Within();
        var done = await fixture.Client.WaitDoneAsync(pending.Name, TimeSpan.FromSeconds(30));

        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);
        Assert.Equal(1, fixture.Emulator.AcceptedCancels(run));
    }
}
