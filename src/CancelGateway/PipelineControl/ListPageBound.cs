using CancelGateway.Storage;
using Google.Protobuf;

namespace CancelGateway.PipelineControl;

/// <summary>
/// Bounds a ListOperations page by bytes as well as by count, so a page of large operations
/// cannot grow into a response of hundreds of megabytes.
/// </summary>
internal static class ListPageBound
{
    /// <summary>The most serialized operation bytes one page carries (1 MiB).</summary>
    public const int MaxPageBytes = 1024 * 1024;

    /// <summary>
    /// How many of <paramref name="operations"/>, in order, fit in <paramref name="maxBytes"/>
    /// as encoded in the response (each with its field tag and length). The first one is always
    /// taken, however large, so paging always progresses.
    /// </summary>
    public static int Count(IReadOnlyList<ListedOperation> operations, int maxBytes)
    {
        long total = 0;
        for (var i = 0; i < operations.Count; i++)
        {
            // ListOperationsResponse.operations is field 1: one tag byte, the length, the message.
            total += 1 + CodedOutputStream.ComputeMessageSize(operations[i].Operation);
            if (total > maxBytes && i > 0)
            {
                return i;
            }
        }

        return operations.Count;
    }
}
