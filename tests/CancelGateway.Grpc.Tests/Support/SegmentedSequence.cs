using System.Buffers;

namespace CancelGateway.Grpc.Tests.Support;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/>, as a pipe hands out data that arrived in pieces.</summary>
public static class SegmentedSequence
{
    public static ReadOnlySequence<byte> Of(params ReadOnlyMemory<byte>[] parts)
    {
        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts.Skip(1))
        {
            last = last.Append(part);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
