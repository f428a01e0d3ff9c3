using CancelGateway.Storage;
using Microsoft.Extensions.Hosting;

namespace CancelGateway.Operations;

/// <summary>
/// Keeps this replica's watchers (WatchRun, WaitOperation) and cached snapshots (GetOperation)
/// current with the changes other replicas make on the same database: it follows the store's
/// <see cref="IOperationChanges"/> feed and reads again each operation followed here (watched,
/// or cached) that another replica wrote, every watched one when a poll is due, and everything
/// followed when notifications may have been missed. A write to an operation nobody here
/// follows costs nothing but its notification. One operation is read at a time, so its
/// snapshots reach the watchers in the order the database held them.
/// </summary>
internal sealed class OperationChangeFollower(IOperationChanges changes, OperationBook book) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in changes.Changes.ReadAllAsync(stoppingToken))
        {
            switch (change.Kind)
            {
                case OperationChangeKind.Written when book.Follows(change.OperationName!):
                    await RefreshAsync(change.OperationName!, stoppingToken);
                    break;
                case OperationChangeKind.PollDue:
                    foreach (var name in book.Hub.WatchedNames())
                    {
                        await RefreshAsync(name, stoppingToken);
                    }

                    break;
                case OperationChangeKind.MaybeMissed:
                    foreach (var name in book.FollowedInFlight())
                    {
                        await RefreshAsync(name, stoppingToken);
                    }

                    break;
            }
        }
    }

    private async Task RefreshAsync(string name, CancellationToken stoppingToken)
    {
        try
        {
            await book.RefreshAsync(name, stoppingToken);
        }
        catch (Exception failure) when (failure is StoreUnavailableException or UnreadableOperationException)
        {
            // Logged by the store; the next poll reads the operation again.
        }
    }
}
