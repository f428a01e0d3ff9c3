using CancelGateway.PipelineControl;
using CancelGateway.Storage;
using Google.LongRunning;
using Xunit;

namespace CancelGateway.Tests.PipelineControl;

/// <summary>The byte bound of a ListOperations page, against operations of known sizes.</summary>
public sealed class ListPageBoundTests
{
    [Fact]
    public void Count_OperationsOverTheBound_StopsBeforeTheFirstThatWouldExceedIt()
    {
        var operations = Enumerable.Range(0, 10).Select(i => Listed(i, padding: 1000)).ToList();
        var each = Encoded(operations[0].Operation);

        var count = ListPageBound.Count(operations, maxBytes: (each * 3) + (each / 2));

        Assert.Equal(3, count);
        var page = new ListOperationsResponse { Operations = { operations.Take(count).Select(o => o.Operation) } };
        Assert.True(page.CalculateSize() <= (each * 3) + (each / 2));
    }

    [Fact]
    public void Count_FirstOperationLargerThanTheBound_TakesItAlone()
    {
        var operations = new[] { Listed(1, padding: 5000), Listed(2, padding: 10) };

        Assert.Equal(1, ListPageBound.Count(operations, maxBytes: 1000));
    }

    [Fact]
    public void Count_EverythingFits_TakesAll()
    {
        var operations = Enumerable.Range(0, 5).Select(i => Listed(i, padding: 10)).ToList();

        Assert.Equal(5, ListPageBound.Count(operations, ListPageBound.MaxPageBytes));
        Assert.Equal(0, ListPageBound.Count([], ListPageBound.MaxPageBytes));
    }

    private static ListedOperation Listed(long sequence, int padding) =>
        new(sequence, new Operation { Name = $"operations/{sequence:D32}", Error = new Google.Rpc.Status { Message = new string('x', padding) } });

    private static int Encoded(Operation operation)
    {
        var response = new ListOperationsResponse { Operations = { operation } };
        return response.CalculateSize();
    }
}
