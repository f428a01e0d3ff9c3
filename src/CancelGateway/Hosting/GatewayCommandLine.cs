using System.Net.Sockets;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CancelGateway.Hosting;

/// <summary>
/// The process around the host: <c>--help</c> and <c>--version</c>, and a start that fails on a
/// setting or a busy port with one line on stderr and exit code 2 rather than a stack trace.
/// </summary>
internal static class GatewayCommandLine
{
    /// <summary>The exit code of a start refused for its configuration (a setting, a busy port).</summary>
    public const int ConfigurationError = 2;

    /// <summary>Answers <c>--help</c> and <c>--version</c>: the exit code, or null when the gateway should start.</summary>
    public static int? Handle(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            WriteHelp(output);
            return 0;
        }

        if (args.Any(a => a is "--version"))
        {
            output.WriteLine($"CancelGateway {Version}");
            return 0;
        }

        return null;
    }

    /// <summary>Builds and starts the host, reports <paramref name="started"/>, and runs it until SIGTERM or Ctrl+C.</summary>
    public static async Task<int> RunAsync(Func<Task<WebApplication>> build, Action<WebApplication> started)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(started);
        WebApplication? app = null;
        try
        {
            app = await build();
            await app.StartAsync();
        }
        catch (Exception e) when (OneLine(e) is { } line)
        {
            await Console.Error.WriteLineAsync("cancelgateway: " + line);
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            return ConfigurationError;
        }

        await using (app)
        {
            started(app);
            await app.WaitForShutdownAsync();
        }

        return 0;
    }

    /// <summary>The version the build stamped (the informational version, without the source hash).</summary>
    public static string Version => (typeof(GatewayCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];

    /// <summary>A start-up failure as one line, or null for one that is not the configuration's (a bug: let it crash with its trace).</summary>
    internal static string? OneLine(Exception exception)
    {
        var e = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
        return e switch
        {
            GatewayConfigurationException => e.Message,
            OptionsValidationException => FirstLine(e.Message),

            // Kestrel: "Failed to bind to address http://127.0.0.1:50051: address already in use."
            IOException { InnerException: SocketException or IOException } or IOException when e.Message.StartsWith("Failed to bind", StringComparison.Ordinal) => FirstLine(e.Message),

            // The options' own checks and the configuration binder name the setting in the message.
            InvalidOperationException => FirstLine(e.Message),
            _ => null,
        };
    }

    private static string FirstLine(string message) => message.Split('\n')[0].TrimEnd('\r');

    private static void WriteHelp(TextWriter output)
    {
        output.WriteLine($"CancelGateway {Version}: cancels pipeline runs on Vertex AI, SageMaker and CodeArts over gRPC.");
        output.WriteLine();
        output.WriteLine("Usage: CancelGateway [--Section:Setting=value ...]   (or environment Section__Setting=value, or appsettings.json)");
        output.WriteLine("       CancelGateway --help | --version");
        output.WriteLine("       CancelGateway --health-check   (grpc.health.v1 Check of the gateway these settings describe; exit 0 if SERVING)");
        output.WriteLine();
        output.WriteLine("At least one provider section must be configured. Settings and their defaults:");
        foreach (var section in KnownSettings.Sections)
        {
            output.WriteLine();
            output.WriteLine($"  {section.Path}");
            if (section.OptionsType is null)
            {
                output.WriteLine(section.Path == "Logging"
                    ? "    --Logging:Console:FormatterName=simple   (json: one JSON object a line, with operation, run, provider and trace id)"
                    : "    (settings of their own; see the README)");
                continue;
            }

            foreach (var (name, type, value) in section.Defaults())
            {
                var shown = value ?? (SettingsSection.IsValue(type) ? "" : ":<key>=…");
                output.WriteLine(shown.StartsWith(':') ? $"    --{section.Path}:{name}{shown}" : $"    --{section.Path}:{name}={shown}");
            }
        }

        output.WriteLine();
        output.WriteLine("Exit codes: 0 after a clean stop (SIGTERM, Ctrl+C); 2 when a setting or the listen address stops the start.");
    }
}
