using System.Globalization;
using CancelGateway.Emulators.Faults;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.Hosting;

/// <summary>The standalone process's arguments: <c>--port N</c> and optional fault settings.</summary>
internal sealed class EmulatorCommandLine
{
    public const string Usage = """
        Usage: CancelGateway.Emulators [options]
          --port N                     Vertex AI emulator port on 127.0.0.1 (default 0: any free port)
          --running-runs N             seed N running runs per provider (names printed; default 0)
          --stop-ms N                  how long a seeded running run takes to stop (default 1000)
          --seed N                     seed of fault injection (default 1)
          --failure-rate R             share (0..1) of requests answered 503/429 before taking effect
          --throttle-share R           share (0..1) of those failures that are 429 (default 0.5)
          --retry-after-seconds N      Retry-After of a 429 (default 1)
          --min-latency-ms N           smallest added latency
          --max-latency-ms N           largest added latency
          --drop-rate R                share (0..1) of connections dropped without a response
          --fail-after-effect-rate R   share (0..1) of requests that take effect, then get 503
          --verbose                    debug logs
          --help                       this text
        """;

    private EmulatorCommandLine()
    {
    }

    public EmulatorHostOptions Options { get; } = new();

    public bool ShowHelp { get; private set; }

    public LogLevel LogLevel { get; private set; } = LogLevel.Information;

    /// <exception cref="FormatException">An argument is unknown or its value malformed.</exception>
    public static EmulatorCommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new EmulatorCommandLine();
        var faults = new EmulatorFaults();
        result.Options.Vertex.Faults = faults;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            string Value() => inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value."));
            try
            {
                switch (name)
                {
                    case "--port": result.Options.Vertex.Port = Integer(Value()); break;
                    case "--running-runs": result.Options.RunningRuns = NotNegative(name, Integer(Value())); break;
                    case "--stop-ms": result.Options.RunningRunStopTime = TimeSpan.FromMilliseconds(NotNegative(name, Integer(Value()))); break;
                    case "--seed": faults.Seed = Integer(Value()); break;
                    case "--failure-rate": faults.FailureRate = Number(Value()); break;
                    case "--throttle-share": faults.ThrottleShare = Number(Value()); break;
                    case "--retry-after-seconds": faults.RetryAfter = TimeSpan.FromSeconds(Integer(Value())); break;
                    case "--min-latency-ms": faults.MinLatency = TimeSpan.FromMilliseconds(Integer(Value())); break;
                    case "--max-latency-ms": faults.MaxLatency = TimeSpan.FromMilliseconds(Integer(Value())); break;
                    case "--drop-rate": faults.DropConnectionRate = Number(Value()); break;
                    case "--fail-after-effect-rate": faults.FailAfterEffectRate = Number(Value()); break;
                    case "--verbose": result.LogLevel = LogLevel.Debug; break;
                    case "--help" or "-h": result.ShowHelp = true; break;
                    default: throw new FormatException($"Unknown argument {name}.");
                }
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new FormatException($"{name}: {e.Message}", e);
            }
        }

        return result;
    }

    private static int Integer(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"\"{value}\" is not an integer.");

    private static int NotNegative(string name, int value) =>
        value >= 0 ? value : throw new FormatException($"{name} must not be negative (was {value}).");

    private static double Number(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"\"{value}\" is not a number.");
}
