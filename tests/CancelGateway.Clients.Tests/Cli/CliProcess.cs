namespace CancelGateway.Clients.Tests.Cli;

/// <summary>The cancelgateway command line, run as a process from its build output.</summary>
internal static class CliProcess
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Dll
    {
        get
        {
            var path = Path.Combine(RepoPaths.Root, "src", "CancelGateway.Cli", "bin", RepoPaths.Configuration, "net10.0", "cancelgateway.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"Build the solution first: {path} is missing.");
        }
    }

    public static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. arguments], Timeout, environment: Environment);

    /// <summary>Through a shell: for standard input from a file, or a pseudo-terminal.</summary>
    public static Task<ProcessResult> ShellAsync(string command, IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRunner.RunAsync("bash", ["-c", command], Timeout, environment: environment ?? Environment);

    public static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string CommandLine(params string[] arguments) => string.Join(' ', new[] { "dotnet", Dll }.Concat(arguments).Select(Quote));

    /// <summary>Neither the caller's gateway address nor token leaks into a test.</summary>
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["CANCELGATEWAY_ADDRESS"] = null,
        ["CANCELGATEWAY_TOKEN"] = null,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };
}
