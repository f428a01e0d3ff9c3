using System.Diagnostics;
using System.Text;

namespace CancelGateway.Emulators.Tests.SageMaker;

/// <summary>Runs a Python script beside this file with Debian's interpreter, bounded in time; the process is killed on timeout.</summary>
internal static class PythonScript
{
    /// <summary>Debian's python3-botocore is installed for the system interpreter, not for one a version manager put on PATH.</summary>
    public const string Python = "/usr/bin/python3";

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Python)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(ScriptDirectory(), script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Credentials travel in the environment, as AWS SDKs read them, never on the command line.
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return (-1, await output, "timed out\n" + await error);
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Whether the interpreter can import <paramref name="module"/>.</summary>
    public static bool CanImport(string module)
    {
        if (!File.Exists(Python))
        {
            return false;
        }

        using var process = Process.Start(new ProcessStartInfo(Python, ["-c", $"import {module}"]) { UseShellExecute = false, RedirectStandardError = true });
        if (process is null || !process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process?.Kill(entireProcessTree: true);
            return false;
        }

        return process.ExitCode == 0;
    }

    private static string ScriptDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "CancelGateway.Emulators.Tests", "SageMaker");
            if (File.Exists(Path.Combine(directory.FullName, "CancelGateway.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("The repository (CancelGateway.sln) was not found above the test assembly.");
    }
}
