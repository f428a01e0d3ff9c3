using System.Runtime.CompilerServices;
using Grpc.Core;
using CancelGateway.Providers;
using Google.LongRunning;

namespace CancelGateway.Operations;

/// <content>Watching and waiting: served from the in-memory fan-out, never by polling providers.</content>
internal sealed partial class OperationsEngine
{
    /// <summary>The operation's current snapshot, then each newer one, ending after the done one.</summary>
    public async IAsyncEnumerable<Operation> WatchAsync(string operationName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribe before reading, so a change between the read and the subscription is not lost.
        using var subscription = _book.Hub.Subscribe(operationName);
        var current = await _book.GetAsync(operationName, cancellationToken)
            ?? throw GatewayErrors.Status(GatewayError.OperationNotFound, $"Operation {operationName} does not exist (or was deleted).", ("operation", operationName)).ToRpcException();
        yield return current;
        while (!current.Done)
        {
            var next = await subscription.Reader.ReadAsync(cancellationToken);
            if (!next.Equals(current))
            {
                current = next;
                yield return current;
            }
        }
    }

    /// <summary>Waits until the operation is done or <paramref name="timeout"/> passes, and returns its latest snapshot.</summary>
    public async Task<Operation?> WaitAsync(string operationName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var subscription = _book.Hub.Subscribe(operationName);
        var current = await _book.GetAsync(operationName, cancellationToken);
        if (current is null || current.Done)
        {
            return current;
        }

        using var timer = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            while (!current.Done)
            {
                current = await subscription.Reader.ReadAsync(linked.Token);
            }
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // WaitOperation may return before the operation is done (google.longrunning); the caller looks at `done`.
        }

        return current;
    }
}
