using System.Text;

namespace CancelGateway.Testing;

/// <summary>How a child process ended and everything it wrote.</summary>
/// <param name="CommandLine">The command as run, for failure messages.</param>
/// <param name="ExitCode">The exit code, or -1 if the process was killed.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
/// <param name="TimedOut">The process outlived its time limit and was killed.</param>
/// <param name="StoppedEarly">The caller's stop condition was met, and the process was killed.</param>
/// <param name="Elapsed">Wall time from start to exit.</param>
public sealed record ProcessResult(
    string CommandLine,
    int ExitCode,
    string StandardOutput,
    string StandardError,
    bool TimedOut,
    bool StoppedEarly,
    TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut && !StoppedEarly;

    /// <summary>A multi-line account of the run for assertion messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("command: ").AppendLine(CommandLine);
        text.Append("exit code: ").Append(ExitCode)
            .Append(TimedOut ? " (killed: timed out)" : string.Empty)
            .Append(StoppedEarly ? " (killed: stop condition met)" : string.Empty)
            .Append(", after ").Append(Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" s");
        text.AppendLine("--- stdout ---").AppendLine(StandardOutput.TrimEnd());
        text.AppendLine("--- stderr ---").AppendLine(StandardError.TrimEnd());
        return text.ToString();
    }
}
