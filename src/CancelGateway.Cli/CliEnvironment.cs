namespace CancelGateway.Cli;

/// <summary>The process's standard streams, and whether standard output is a terminal.</summary>
internal sealed record CliEnvironment(TextReader In, TextWriter Out, TextWriter Error, bool Terminal);
