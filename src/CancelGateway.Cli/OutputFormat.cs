namespace CancelGateway.Cli;

/// <summary>How results are printed.</summary>
internal enum OutputFormat
{
    /// <summary>Tables for people; live progress on a terminal.</summary>
    Table,

    /// <summary>One JSON object per line (operations in the proto3 JSON mapping), for scripts.</summary>
    Json,
}
