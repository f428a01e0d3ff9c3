using CancelGateway.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CancelGateway.Cli.Output;

/// <summary>
/// Where results go: tables (Spectre.Console) or JSON lines on standard output, error lines on
/// standard error. Writes are serialized, so concurrent watches never interleave within a line.
/// </summary>
internal sealed class Printer
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromFiles(
        PipelineControlReflection.Descriptor, Google.Rpc.ErrorDetailsReflection.Descriptor)));

    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly Lock _lock = new();

    public Printer(TextWriter output, TextWriter error, OutputFormat format, bool terminal)
    {
        _out = output;
        _error = error;
        Format = format;
        Interactive = terminal && format == OutputFormat.Table;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal)
        {
            // Redirected: no terminal width to fit, so run names and messages are not wrapped.
            Console.Profile.Width = 400;
        }
    }

    public OutputFormat Format { get; }

    /// <summary>A person at a terminal: progress is drawn live.</summary>
    public bool Interactive { get; }

    public IAnsiConsole Console { get; }

    /// <summary>A message in the proto3 JSON mapping, on one line.</summary>
    public void JsonLine(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var line = Json.Format(message);
        lock (_lock)
        {
            _out.WriteLine(line);
        }
    }

    /// <summary>An error: one line on standard error; with --output json also a JSON line on standard output.</summary>
    public void Error(string? name, RpcError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_lock)
        {
            _error.WriteLine(name is null ? error.Line : $"{error.Line} ({name})");
            if (Format == OutputFormat.Json)
            {
                _out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new JsonError(name, new JsonErrorBody(error.Code, error.Reason, error.Message)), CliJsonContext.Default.JsonError));
            }
        }
    }

    /// <summary>A local problem (a file, an option): one line on standard error.</summary>
    public void Problem(string message)
    {
        lock (_lock)
        {
            _error.WriteLine("error: " + message.ReplaceLineEndings(" "));
        }
    }

    public void Write(IRenderable renderable)
    {
        lock (_lock)
        {
            Console.Write(renderable);
        }
    }

    public void Line(string text)
    {
        lock (_lock)
        {
            _out.WriteLine(text);
        }
    }
}
