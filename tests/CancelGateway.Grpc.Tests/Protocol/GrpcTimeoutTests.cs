using CancelGateway.Grpc.Protocol;
using Xunit;

namespace CancelGateway.Grpc.Tests.Protocol;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("100u", 1_000L)]
    [InlineData("99999999n", 999_999L)]
    public void TryParse_EachUnit_GivesTicks(string header, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("-5S")]
    [InlineData("123456789S")]
    [InlineData("1.5S")]
    public void TryParse_Malformed_False(string header) => Assert.False(GrpcTimeout.TryParse(header, out _));

    [Theory]
    [InlineData(1)]
    [InlineData(1_500)]
    [InlineData(86_400_000)]
    public void Format_ThenParse_KeepsTheTimeoutWithinAUnit(int milliseconds)
    {
        var timeout = TimeSpan.FromMilliseconds(milliseconds);
        var header = GrpcTimeout.Format(timeout);
        Assert.True(header.Length <= 9, header);
        Assert.True(GrpcTimeout.TryParse(header, out var parsed));
        Assert.InRange(parsed, timeout - TimeSpan.FromSeconds(1), timeout);
    }
}
