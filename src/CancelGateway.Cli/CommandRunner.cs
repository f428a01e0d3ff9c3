using System.CommandLine;
using System.Security.Cryptography;
using CancelGateway.Cli.Output;
using Grpc.Core;

namespace CancelGateway.Cli;

/// <summary>
/// Runs a command's body with its printer and connection, and turns every failure into one line
/// and an exit status: no stack trace reaches a person.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliEnvironment environment, ParseResult result, Func<Printer, GatewayConnection, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(body);
        var printer = new Printer(environment.Out, environment.Error, result.GetValue(GlobalOptions.Output), environment.Terminal);
        try
        {
            using var connection = new GatewayConnection(GlobalOptions.Connection(result));
            return await body(printer, connection);
        }
        catch (RpcException exception)
        {
            var error = RpcError.From(exception);
            printer.Error(null, error);
            return error.ExitCode;
        }
        catch (Exception exception) when (exception is UsageException or IOException or UnauthorizedAccessException or CryptographicException or FormatException)
        {
            printer.Problem(exception.Message);
            return ExitCodes.Usage;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug or an answer this version cannot read: still one line, never a stack trace.
            printer.Problem($"unexpected {exception.GetType().Name}: {exception.Message}");
            return ExitCodes.Unexpected;
        }
    }
}
