using CancelGateway.Providers;
using Xunit;

namespace CancelGateway.Tests.Providers;

public sealed class RunListQueryTests
{
    [Theory]
    [InlineData(50, 100, 50)]
    [InlineData(5000, 100, 100)]
    [InlineData(0, 100, 100)]
    [InlineData(-3, 100, 100)]
    [InlineData(1, 100, 1)]
    public void PageSizeUpTo_AskedSize_CappedOrTheMaximum(int asked, int maximum, int expected)
    {
        Assert.Equal(expected, new RunListQuery(null, null, asked).PageSizeUpTo(maximum));
    }
}
