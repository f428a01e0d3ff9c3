using System.CommandLine;
using System.CommandLine.Invocation;
using CancelGateway.Cli.Commands;

namespace CancelGateway.Cli;

/// <summary>The command line: its commands, global options and exit statuses (see <see cref="ExitCodes"/>).</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, new CliEnvironment(Console.In, output, error, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected));

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = Create(environment);
        var result = root.Parse(args);
        if (result.Action is ParseErrorAction)
        {
            // One line per mistake and the usage status; `--help` shows the rest.
            foreach (var parseError in result.Errors)
            {
                await environment.Error.WriteLineAsync("error: " + parseError.Message);
            }

            return ExitCodes.Usage;
        }

        return await result.InvokeAsync(new InvocationConfiguration { Output = environment.Out, Error = environment.Error });
    }

    public static RootCommand Create(CliEnvironment environment)
    {
        var root = new RootCommand("cancelgateway: cancel ML and CI pipeline runs (Vertex AI, SageMaker, CodeArts) through CancelGateway and watch them end.");
        foreach (var option in GlobalOptions.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(CancelCommand.Create(environment));
        root.Subcommands.Add(BatchCommand.Create(environment));
        root.Subcommands.Add(WatchCommand.Create(environment));
        root.Subcommands.Add(GetCommand.Create(environment));
        root.Subcommands.Add(ListCommand.Create(environment));
        root.Subcommands.Add(CompletionCommand.Create(environment));
        return root;
    }
}
