using System.Diagnostics;
using System.Text;

namespace CancelGateway.Tests.Support;

/// <summary>
/// A foreign client (grpcio, buf curl) holding a stream open: started, known to be streaming once
/// its first message shows on stdout, and awaited until it exits. Disposing kills it if it still runs.
/// </summary>
internal sealed class StreamingClientProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _streaming = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StreamingClientProcess(Process process) => _process = process;

    /// <summary>Completes once stdout has a first line (the client's first message).</summary>
    public Task Streaming => _streaming.Task;

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static StreamingClientProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var client = new StreamingClientProcess(new Process { StartInfo = startInfo });
        client._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (client._stdout)
            {
                client._stdout.AppendLine(e.Data);
            }

            client._streaming.TrySetResult();
        };
        client._process.ErrorDataReceived += (_, e) =>
        {
            lock (client._stderr)
            {
                client._stderr.AppendLine(e.Data);
            }
        };
        client._process.Start();
        client._process.StandardInput.Close();
        client._process.BeginOutputReadLine();
        client._process.BeginErrorReadLine();
        return client;
    }

    /// <summary>Waits for the exit; the exit code.</summary>
    public async Task<int> ExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
