using CancelGateway.Emulators.Faults;
using Xunit;

namespace CancelGateway.Emulators.Tests.Faults;

public sealed class EmulatorFaultsTests
{
    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void FailureRate_OutOfRange_Throws(double rate)
    {
        var faults = new EmulatorFaults();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailureRate = rate);

        Assert.Equal(nameof(EmulatorFaults.FailureRate), error.ParamName);
    }

    [Fact]
    public void MinLatency_Negative_Throws()
    {
        var faults = new EmulatorFaults();

        Assert.Throws<ArgumentOutOfRangeException>(() => faults.MinLatency = TimeSpan.FromMilliseconds(-1));
    }

    [Fact]
    public void Decide_Default_NoFaultAndNoDelay()
    {
        var faults = new EmulatorFaults();

        Assert.All(Enumerable.Range(0, 100), _ =>
        {
            var plan = faults.Decide(isTokenEndpoint: false);
            Assert.Equal(FaultKind.None, plan.Kind);
            Assert.Equal(TimeSpan.Zero, plan.Delay);
        });
    }

    [Fact]
    public void Decide_LatencyRange_WithinBounds()
    {
        var faults = new EmulatorFaults { MinLatency = TimeSpan.FromMilliseconds(10), MaxLatency = TimeSpan.FromMilliseconds(20) };

        var delays = Enumerable.Range(0, 200).Select(_ => faults.Decide(isTokenEndpoint: false).Delay).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20)));
        Assert.True(delays.Distinct().Count() > 1);
    }

    [Fact]
    public void Decide_HalfFailureRate_RoughlyHalfFail()
    {
        var faults = new EmulatorFaults(seed: 7) { FailureRate = 0.5 };

        var failed = Enumerable.Range(0, 1000).Count(_ => faults.Decide(isTokenEndpoint: false).Kind != FaultKind.None);

        Assert.InRange(failed, 400, 600);
    }

    [Fact]
    public void Reset_AfterFaults_NoFaultAndSameSequenceAgain()
    {
        var faults = new EmulatorFaults(seed: 3) { FailureRate = 0.5, DropConnectionRate = 0.1 };
        var first = Enumerable.Range(0, 50).Select(_ => faults.Decide(false).Kind).ToList();

        faults.Reset();
        Assert.Equal(FaultKind.None, faults.Decide(false).Kind);
        faults.Seed = 3;
        faults.FailureRate = 0.5;
        faults.DropConnectionRate = 0.1;
        var second = Enumerable.Range(0, 50).Select(_ => faults.Decide(false).Kind).ToList();

        Assert.Equal(first, second);
    }
}
