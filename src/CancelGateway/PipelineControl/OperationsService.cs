using System.Buffers.Binary;
using CancelGateway.Operations;
using CancelGateway.Providers;
using CancelGateway.Security;
using CancelGateway.Storage;
using Google.LongRunning;
using Grpc.Core;
using Duration = Google.Protobuf.WellKnownTypes.Duration;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace CancelGateway.PipelineControl;

/// <summary>
/// The standard <c>google.longrunning.Operations</c> over the same store, so generic LRO
/// clients work unchanged.
/// </summary>
internal sealed class OperationsService(OperationsEngine engine, RunAccess access, TimeProvider time, ServerShutdown shutdown) : Google.LongRunning.Operations.OperationsBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    /// <summary>How many store pages one ListOperations reads at most to fill a page of operations the caller may see.</summary>
    private const int MaxStoreReadsPerPage = 10;

    /// <summary>
    /// How much of stored bodies one page reads at most (16 MiB): batches are stored with their
    /// per-run detail, which listings leave out, so the read bound is looser than the page's.
    /// </summary>
    private const long MaxStoredBytesPerPage = 16L * 1024 * 1024;
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    /// <summary>The longest one WaitOperation call waits (timers cannot wait more than ~49.7 days).</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    public override async Task<Operation> GetOperation(GetOperationRequest request, ServerCallContext context)
    {
        var name = RequestValidation.OperationName(request.Name, "name");
        return access.Visible(context.Caller(), await engine.GetAsync(name, context.CancellationToken)) ?? throw GatewayErrors.OperationNotFound(name);
    }

    public override async Task<ListOperationsResponse> ListOperations(ListOperationsRequest request, ServerCallContext context)
    {
        if (request.Name is not ("" or "operations"))
        {
            throw RequestValidation.Invalid("INVALID_COLLECTION", "name must be empty or \"operations\".", ("name", "the only collection is \"operations\""));
        }

        if (request.PageSize < 0)
        {
            throw RequestValidation.Invalid("INVALID_PAGE_SIZE", "page_size must not be negative.", ("page_size", "negative"));
        }

        var pageSize = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, MaxPageSize);
        var filter = OperationFilterParser.Parse(request.Filter);
        var caller = context.Caller();
        long? next = PageToken.Decode(request.PageToken);
        var listed = new List<ListedOperation>(pageSize);

        // Operations the caller may not see are left out; the store is read on (a bounded number
        // of times) to fill the page, and the token continues after the last row read, so
        // paging stays exact even when a page comes back short.
        for (var reads = 0; reads < MaxStoreReadsPerPage && next is { } after && listed.Count < pageSize; reads++)
        {
            var page = await engine.ListAsync(filter, pageSize - listed.Count, after, MaxStoredBytesPerPage, context.CancellationToken);
            foreach (var stored in page.Operations)
            {
                // In-flight snapshots in memory may be newer than what the page read.
                var current = await engine.GetAsync(stored.Operation.Name, context.CancellationToken) ?? stored.Operation;
                if (access.Visible(caller, current) is not null)
                {
                    listed.Add(stored with { Operation = OperationSnapshots.ForListing(current) });
                }
            }

            next = page.LastSequence;
        }

        var count = ListPageBound.Count(listed, ListPageBound.MaxPageBytes);

        // A page cut short by its bytes continues right after its last operation.
        if (count < listed.Count)
        {
            next = listed[count - 1].Sequence;
        }

        var response = new ListOperationsResponse { NextPageToken = next is { } last ? PageToken.Encode(last) : string.Empty };
        response.Operations.Add(listed.Take(count).Select(l => l.Operation));
        return response;
    }

    public override async Task<Empty> DeleteOperation(DeleteOperationRequest request, ServerCallContext context)
    {
        var name = RequestValidation.OperationName(request.Name, "name");
        _ = access.Visible(context.Caller(), await engine.GetAsync(name, context.CancellationToken)) ?? throw GatewayErrors.OperationNotFound(name);
        switch (await engine.DeleteAsync(name, context.CancellationToken))
        {
            case DeleteOutcome.NotDone:
                throw GatewayErrors.Status(GatewayError.OperationNotDone, $"Operation {name} is still in flight; only done operations can be deleted.", ("operation", name)).ToRpcException();
            case DeleteOutcome.NotFound:
                throw GatewayErrors.OperationNotFound(name);
            default:
                return new Empty();
        }
    }

    public override Task<Empty> CancelOperation(CancelOperationRequest request, ServerCallContext context)
    {
        var name = RequestValidation.OperationName(request.Name, "name");
        throw GatewayErrors.Status(GatewayError.CancellationIrrevocable,
            $"Operation {name} is a cancellation that was already sent to the provider; it cannot be called back. Watch it to see how the run ends.",
            ("operation", name)).ToRpcException();
    }

    public override async Task<Operation> WaitOperation(WaitOperationRequest request, ServerCallContext context)
    {
        var name = RequestValidation.OperationName(request.Name, "name");
        var timeout = WaitTimeout(request.Timeout);
        _ = access.Visible(context.Caller(), await engine.GetAsync(name, context.CancellationToken)) ?? throw GatewayErrors.OperationNotFound(name);

        if (context.Deadline != DateTime.MaxValue)
        {
            // Leave a little of the caller's deadline to send the answer in.
            var remaining = new DateTimeOffset(context.Deadline, TimeSpan.Zero) - time.GetUtcNow() - TimeSpan.FromMilliseconds(50);
            timeout = remaining < timeout ? remaining : timeout;
        }

        // On shutdown the wait ends early with the operation as it is (google.longrunning allows
        // an answer before done), so a long wait does not hold the drain.
        using var waiting = shutdown.Link(context);
        try
        {
            return await engine.WaitAsync(name, timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, waiting.Token) ?? throw GatewayErrors.OperationNotFound(name);
        }
        catch (OperationCanceledException) when (shutdown.Ended(context))
        {
            return await engine.GetAsync(name, context.CancellationToken) ?? throw GatewayErrors.OperationNotFound(name);
        }
    }

    /// <summary>
    /// The wait asked for: a valid, non-negative google.protobuf.Duration (seconds and nanos of
    /// one sign, nanos within ±999 999 999), at most <see cref="MaxWait"/>; the caller simply
    /// calls again to wait longer (the answer may come before the operation is done).
    /// </summary>
    private static TimeSpan WaitTimeout(Duration? given)
    {
        if (given is null)
        {
            return DefaultWait;
        }

        var valid = given.Nanos is > -1_000_000_000 and < 1_000_000_000
            && given.Seconds is >= Duration.MinSeconds and <= Duration.MaxSeconds
            && (given.Seconds == 0 || given.Nanos == 0 || (given.Seconds > 0) == (given.Nanos > 0));
        if (!valid)
        {
            throw RequestValidation.Invalid("INVALID_TIMEOUT", "timeout is not a valid duration (seconds and nanos must have the same sign, |nanos| < 1e9).", ("timeout", "not a valid duration"));
        }

        if (given.Seconds < 0 || given.Nanos < 0)
        {
            throw RequestValidation.Invalid("INVALID_TIMEOUT", "timeout must not be negative.", ("timeout", "negative"));
        }

        return given.Seconds >= (long)MaxWait.TotalSeconds ? MaxWait : given.ToTimeSpan();
    }

    /// <summary>Page tokens: the position of the last operation of the page, opaque to callers.</summary>
    private static class PageToken
    {
        public static string Encode(long sequence)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, sequence);
            return Convert.ToBase64String(bytes);
        }

        public static long Decode(string token)
        {
            if (token.Length == 0)
            {
                return 0;
            }

            Span<byte> bytes = stackalloc byte[8];
            if (!Convert.TryFromBase64String(token, bytes, out var written) || written != 8)
            {
                throw RequestValidation.Invalid("INVALID_PAGE_TOKEN", "page_token is not one this service issued.", ("page_token", "not issued by this service"));
            }

            return BinaryPrimitives.ReadInt64BigEndian(bytes);
        }
    }
}
