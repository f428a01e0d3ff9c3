using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CancelGateway.Tests.Support;

/// <summary>
/// The gateway as its own process (<c>dotnet CancelGateway.dll</c>, the build of the tests'
/// configuration), for what needs a real process: a crash. The port is read from the line the
/// host prints once it listens. Disposing kills the process tree if it still runs.
/// </summary>
internal sealed partial class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Whether the process has ended (crashed, or been killed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary><c>http://127.0.0.1:{port}</c>, once started.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>Everything the process wrote so far (stdout and stderr, interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The console logger's error and critical entries (<c>fail:</c>, <c>crit:</c>) and any unhandled exception.</summary>
    public IReadOnlyList<string> ErrorLines() =>
        [.. Output.Split('\n').Where(line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal) || line.StartsWith("Unhandled exception", StringComparison.Ordinal))];

    /// <summary>Starts the gateway with <paramref name="arguments"/> and waits until it listens.</summary>
    /// <param name="arguments">The gateway's command line.</param>
    /// <param name="openFileLimit">When set, the process runs under <c>ulimit -n</c> of this many files.</param>
    /// <param name="dll">The gateway to run (default: the build of the tests' configuration).</param>
    /// <param name="environment">Variables on top of the inherited ones (after the test defaults, so they win).</param>
    public static async Task<GatewayProcess> StartAsync(IEnumerable<string> arguments, int? openFileLimit = null, string? dll = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        // With a limit, a shell lowers it and then becomes dotnet (exec), so the PID is the gateway's.
        var startInfo = new ProcessStartInfo(openFileLimit is null ? "dotnet" : "/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (openFileLimit is { } limit)
        {
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add($"ulimit -n {limit.ToString(CultureInfo.InvariantCulture)} && exec dotnet \"$@\"");
            startInfo.ArgumentList.Add("sh");
        }

        startInfo.ArgumentList.Add(dll ?? RepoPaths.GatewayDll);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // One line per entry, so that "fail:" is at the start of a line.
        startInfo.Environment["Logging__Console__FormatterName"] = "simple";
        startInfo.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var gateway = new GatewayProcess(new Process { StartInfo = startInfo });
        gateway._process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        gateway._process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        try
        {
            gateway._process.Start();
        }
        catch (Win32Exception exception)
        {
            gateway._process.Dispose();
            throw new InvalidOperationException($"Could not start the gateway process: {exception.Message}", exception);
        }

        gateway._process.StandardInput.Close();
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        Task first;
        try
        {
            first = await Task.WhenAny(gateway._listening.Task, gateway._process.WaitForExitAsync()).WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await gateway.DisposeAsync();
            throw new TimeoutException($"The gateway process did not listen within {StartTimeout}:\n{gateway.Output}");
        }

        if (first != gateway._listening.Task)
        {
            var exitCode = gateway._process.ExitCode;
            await gateway.DisposeAsync();
            throw new InvalidOperationException($"The gateway process exited ({exitCode}) before it listened:\n{gateway.Output}");
        }

        gateway.Address = new Uri("http://127.0.0.1:" + (await gateway._listening.Task).ToString(CultureInfo.InvariantCulture));
        return gateway;
    }

    /// <summary>SIGTERM, as an orchestrator stops a container; returns the exit code once it has exited.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        var kill = await ProcessRunner.RunAsync("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)], ExitTimeout);
        if (!kill.Succeeded)
        {
            throw new InvalidOperationException($"kill -TERM {Id} failed.{Environment.NewLine}{kill.Describe()}");
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the whole tree, as a crash would; returns once it has exited.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        await _process.WaitForExitAsync().WaitAsync(ExitTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await KillAsync();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(int.Parse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"^CancelGateway listening on http://127\.0\.0\.1:(?<port>\d+)/")]
    private static partial Regex ListeningLine();
}
