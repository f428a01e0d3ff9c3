using CancelGateway.Operations;
using Xunit;

namespace CancelGateway.Tests.Operations;

/// <summary>The order of a provider's calls on its own: no clock, no threads, just who goes next.</summary>
public sealed class FairQueueTests
{
    private static readonly CallerKey A = new("a");
    private static readonly CallerKey B = new("b");
    private static readonly CallerKey C = new("c");

    [Fact]
    public void TryDequeue_SingleCancelAfterTenThousandBatchItems_ComesFirst()
    {
        var queue = new FairQueue<string>();
        for (var i = 0; i < 10_000; i++)
        {
            queue.Enqueue(new ProviderWork(A, WorkLane.Batch), $"a{i}");
        }

        queue.Enqueue(new ProviderWork(B, WorkLane.Interactive), "urgent");

        Assert.Equal("urgent", DequeueAll(queue)[0]);
    }

    [Fact]
    public void TryDequeue_TwoCallersBatches_AlternateBetweenCallers()
    {
        var queue = new FairQueue<string>();
        for (var i = 0; i < 5; i++)
        {
            queue.Enqueue(new ProviderWork(A, WorkLane.Batch), $"a{i}");
        }

        queue.Enqueue(new ProviderWork(B, WorkLane.Batch), "b0");
        queue.Enqueue(new ProviderWork(B, WorkLane.Batch), "b1");
        queue.Enqueue(new ProviderWork(C, WorkLane.Batch), "c0");

        Assert.Equal(["a0", "b0", "c0", "a1", "b1", "a2", "a3", "a4"], DequeueAll(queue));
    }

    [Fact]
    public void TryDequeue_OneCallersItems_KeepTheirOrder()
    {
        var queue = new FairQueue<int>();
        for (var i = 0; i < 100; i++)
        {
            queue.Enqueue(new ProviderWork(A, i % 2 == 0 ? WorkLane.Batch : WorkLane.Interactive), i);
        }

        var order = DequeueAll(queue);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (2 * i) + 1), order.Where(i => i % 2 == 1));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => 2 * i), order.Where(i => i % 2 == 0));
    }

    [Fact]
    public void TryDequeue_FloodOfSingleCancels_StillLetsBatchItemsThrough()
    {
        var queue = new FairQueue<string>();
        for (var i = 0; i < 100; i++)
        {
            queue.Enqueue(new ProviderWork(A, WorkLane.Interactive), "single");
        }

        for (var i = 0; i < 3; i++)
        {
            queue.Enqueue(new ProviderWork(B, WorkLane.Batch), "batch");
        }

        var order = DequeueAll(queue);

        // One batch item per InteractiveBurst single Cancels while both lanes wait.
        var burst = FairQueue<string>.InteractiveBurst;
        Assert.Equal([burst, (2 * burst) + 1, (3 * burst) + 2], order.Select((item, index) => (item, index)).Where(x => x.item == "batch").Select(x => x.index));
    }

    [Fact]
    public void TryDequeue_EverythingEnqueued_IsDequeuedExactlyOnce()
    {
        var queue = new FairQueue<int>();
        var random = new Random(42);
        var callers = Enumerable.Range(0, 7).Select(i => new CallerKey($"c{i}")).ToArray();
        var expected = new List<int>();
        var seen = new List<int>();
        for (var i = 0; i < 5_000; i++)
        {
            queue.Enqueue(new ProviderWork(callers[random.Next(callers.Length)], random.Next(3) == 0 ? WorkLane.Interactive : WorkLane.Batch), i);
            expected.Add(i);

            // Interleave dequeues with enqueues, as the dispatcher does.
            if (random.Next(2) == 0 && queue.TryDequeue(out var item))
            {
                seen.Add(item);
            }
        }

        seen.AddRange(DequeueAll(queue));

        Assert.Equal(0, queue.Count);
        Assert.Equal(expected, seen.Order());
    }

    [Fact]
    public void TryDequeue_Empty_ReturnsFalse()
    {
        var queue = new FairQueue<string>();
        queue.Enqueue(new ProviderWork(A, WorkLane.Batch), "x");

        Assert.True(queue.TryDequeue(out _));
        Assert.False(queue.TryDequeue(out _));
    }

    private static List<T> DequeueAll<T>(FairQueue<T> queue)
    {
        var items = new List<T>();
        while (queue.TryDequeue(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
