using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace CancelGateway.Testing;

/// <summary>
/// Runs a child process to completion with a hard time limit. On timeout (or when the caller's
/// stop condition is met) the whole process tree is killed, so no test leaves a client or a
/// toolchain process behind.
/// </summary>
public static class ProcessRunner
{
    // After a kill the pipes close once every process in the tree is gone; this bounds the wait
    // for that in case something outside the tree inherited them.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    /// <param name="fileName">The executable: a path, or a name looked up on PATH.</param>
    /// <param name="arguments">Passed as separate argv entries, never through a shell.</param>
    /// <param name="timeout">The process is killed if it runs longer than this.</param>
    /// <param name="workingDirectory">Defaults to the test process's current directory.</param>
    /// <param name="environment">Variables to set on top of the inherited ones; a null value removes one.</param>
    /// <param name="stopWhen">
    /// Called with all of stdout so far after every line; once it returns true the process is killed
    /// and the result says <see cref="ProcessResult.StoppedEarly"/>. For commands that never end by themselves.
    /// </param>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        Func<string, bool>? stopWhen = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var commandLine = string.Join(' ', startInfo.ArgumentList.Prepend(fileName).Select(Quote));
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            string soFar;
            lock (stdout)
            {
                stdout.AppendLine(e.Data);
                soFar = stdout.ToString();
            }

            if (stopWhen?.Invoke(soFar) == true)
            {
                stopRequested.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };

        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start `{commandLine}`: {ex.Message}", ex);
        }

        // A child that reads stdin sees end-of-file instead of waiting forever.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var timedOut = false;
        var stoppedEarly = false;
        using (var timeoutCts = new CancellationTokenSource(timeout))
        {
            var exited = process.WaitForExitAsync(timeoutCts.Token);
            var first = await Task.WhenAny(exited, stopRequested.Task);
            if (first == stopRequested.Task && !process.HasExited)
            {
                stoppedEarly = true;
                KillTree(process);
            }
            else
            {
                try
                {
                    await exited;
                }
                catch (OperationCanceledException)
                {
                    timedOut = true;
                    KillTree(process);
                }
            }
        }

        using (var drainCts = new CancellationTokenSource(DrainTimeout))
        {
            try
            {
                // Also waits for the redirected streams to reach end-of-file.
                await process.WaitForExitAsync(drainCts.Token);
            }
            catch (OperationCanceledException)
            {
                // Report what was captured so far rather than hang the test.
            }
        }

        stopwatch.Stop();
        var exitCode = process.HasExited ? process.ExitCode : -1;
        string output, error;
        lock (stdout)
        {
            output = stdout.ToString();
        }

        lock (stderr)
        {
            error = stderr.ToString();
        }

        return new ProcessResult(commandLine, exitCode, output, error, timedOut, stoppedEarly, stopwatch.Elapsed);
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or AggregateException or Win32Exception)
        {
            // It exited between the check and the kill, or a descendant did: nothing left to stop.
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@+,".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
