using Spectre.Console;

namespace CancelGateway.Cli.Output;

/// <summary>The per-run table, drawn live while runs are followed and once more at the end.</summary>
internal static class RunTable
{
    public static Table Create() =>
        new Table().Border(TableBorder.Rounded).AddColumns("RUN", "STATE", "PROVIDER STATE", "DONE", "OPERATION / ERROR");

    public static void Fill(Table table, IReadOnlyList<RunRow> rows)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        table.Rows.Clear();
        foreach (var row in rows)
        {
            table.AddRow(
                new Text(row.Run),
                new Text(row.StateText, StateStyle(row)),
                new Text(row.ProviderState),
                new Text(row.Done ? "yes" : "no"),
                new Text(row.Error?.Line ?? row.Operation));
        }
    }

    private static Style StateStyle(RunRow row) => row switch
    {
        { Error: not null } => new Style(Color.Red),
        { Done: true, ExitCode: ExitCodes.Success } => new Style(Color.Green),
        { Done: true } => new Style(Color.Yellow),
        _ => Style.Plain,
    };
}
