using CancelGateway.Cli.Output;
using CancelGateway.V1;
using Google.LongRunning;
using Spectre.Console;
using Grpc.Core;

namespace CancelGateway.Cli;

/// <summary>
/// The runs of one command and how far each has come: filled by Cancel and BatchCancel answers and
/// by one WatchRun stream per run, shown live on a terminal and as a table at the end (or as JSON
/// lines, one per change, for scripts).
/// </summary>
internal sealed class RunTracker(GatewayConnection connection, Printer printer, IReadOnlyList<string> runs)
{
    /// <summary>How many runs are followed at once.</summary>
    public const int Parallelism = 32;

    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(150);

    private readonly RunRow[] _rows = [.. runs.Select(RunRow.Pending)];
    private readonly Lock _lock = new();

    public IReadOnlyList<RunRow> Rows
    {
        get
        {
            lock (_lock)
            {
                return [.. _rows];
            }
        }
    }

    /// <summary>0 when every run ended CANCELLED; else the first failure's code; else 1 (a run ended otherwise).</summary>
    public int ExitCode
    {
        get
        {
            var rows = Rows;
            return rows.FirstOrDefault(r => r.ExitCode >= ExitCodes.RpcErrorBase)?.ExitCode
                ?? (rows.Any(r => r.ExitCode != ExitCodes.Success) ? ExitCodes.NotCancelled : ExitCodes.Success);
        }
    }

    /// <summary>Records an answer (a Cancel's operation, a snapshot); JSON output prints the operation.</summary>
    public void Update(int index, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var row = RunRow.From(runs[index], operation);
        bool changed;
        lock (_lock)
        {
            var last = _rows[index];
            changed = last.Operation.Length == 0 || last.State != row.State || last.ProviderState != row.ProviderState || last.Done != row.Done;
            _rows[index] = row;
        }

        if (changed && printer.Format == OutputFormat.Json)
        {
            printer.JsonLine(operation);
        }
    }

    public void Fail(int index, RpcError error, string operation = "")
    {
        lock (_lock)
        {
            _rows[index] = RunRow.Failed(runs[index], error) with { Operation = operation };
        }

        if (printer.Format == OutputFormat.Json)
        {
            printer.Error(runs[index], error);
        }
    }

    /// <summary>Follows one run's cancellation with WatchRun until it is done.</summary>
    public async Task FollowAsync(int index, string operation, CancellationToken cancellationToken)
    {
        try
        {
            using var call = connection.PipelineControl.WatchRun(new WatchRunRequest { Name = operation }, connection.Stream(cancellationToken));
            await foreach (var snapshot in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                Update(index, snapshot);
            }
        }
        catch (RpcException exception)
        {
            Fail(index, RpcError.From(exception), operation);
        }
    }

    /// <summary>
    /// Waits for <paramref name="work"/>, drawing the table live on a terminal; then the final table
    /// (table output) and the error lines on standard error.
    /// </summary>
    public async Task<int> ShowAsync(Task work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (printer.Format == OutputFormat.Json)
        {
            await work;
            return ExitCode;
        }

        var table = RunTable.Create();
        if (printer.Interactive)
        {
            await printer.Console.Live(table).AutoClear(false).StartAsync(async context =>
            {
                while (!work.IsCompleted)
                {
                    RunTable.Fill(table, Rows);
                    context.Refresh();
                    await Task.WhenAny(work, Task.Delay(RedrawInterval, TimeProvider.System));
                }

                RunTable.Fill(table, Rows);
                context.Refresh();
            });
            await work;
        }
        else
        {
            await work;
            var rows = Rows;
            if (rows.Any(r => r.Error is null))
            {
                RunTable.Fill(table, rows);
                printer.Write(table);
            }
        }

        foreach (var row in Rows.Where(r => r.Error is not null))
        {
            printer.Error(row.Run, row.Error!);
        }

        return ExitCode;
    }
}
