using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CancelGateway.Clients.Tests.Readme;

/// <summary>
/// The README's shell examples that call the gateway on its defaults — the <c>buf curl</c>,
/// <c>curl</c> and <c>cancelgateway</c> blocks of the sections in <see cref="Sections"/> (others,
/// such as the secured set-up, need a gateway configured otherwise) — as one bash script that checks every command's exit status: 0, or
/// the N of a trailing <c># exit N</c> comment. The README's addresses (127.0.0.1:50051 and
/// 127.0.0.1:8080) become the live gateway's, and its placeholders (<c>&lt;id&gt;</c>) an operation's id.
/// </summary>
internal static partial class ReadmeScript
{
    /// <summary>The README's sections (## headings) whose examples run against the gateway on its defaults.</summary>
    public static readonly string[] Sections = ["Calling it", "REST/JSON and gRPC-Web", "Clients and the command line"];

    private static readonly string[] Markers = ["$BUF curl", "curl -sS", "cancelgateway "];

    /// <summary>The commands, in README order, each with the exit status it must end with.</summary>
    public static IReadOnlyList<(string Command, int ExitCode)> Commands(string readme)
    {
        var commands = new List<(string, int)>();
        var sections = Section().Split(readme);
        var text = string.Concat(sections.Where(section => Sections.Any(name => section.StartsWith(name + "\n", StringComparison.Ordinal))));
        foreach (Match block in ShellBlock().Matches(text))
        {
            var body = block.Groups["body"].Value;
            if (!Markers.Any(marker => body.Contains(marker, StringComparison.Ordinal)))
            {
                continue;
            }

            var current = new StringBuilder();
            foreach (var line in body.Split('\n'))
            {
                var trimmed = line.TrimEnd();
                if (current.Length == 0 && (trimmed.Length == 0 || trimmed.TrimStart().StartsWith('#')))
                {
                    continue;
                }

                current.Append(trimmed);
                if (trimmed.EndsWith('\\'))
                {
                    current.Append('\n');
                    continue;
                }

                var command = current.ToString();
                current.Clear();

                // npm install is scripts/test.sh's job; the test checks that buf is there instead.
                if (command.StartsWith("(cd tests/ForeignClients && npm install", StringComparison.Ordinal))
                {
                    continue;
                }

                var expected = ExitComment().Match(command);
                commands.Add((command, expected.Success ? int.Parse(expected.Groups["code"].Value, CultureInfo.InvariantCulture) : 0));
            }
        }

        return commands;
    }

    /// <summary>The bash script: each command, then a check of its status that names it by index.</summary>
    public static string Build(IReadOnlyList<(string Command, int ExitCode)> commands, string cliDll, Uri grpc, Uri http, string operationId)
    {
        var script = new StringBuilder();
        script.Append("cancelgateway() { dotnet '").Append(cliDll).Append("' \"$@\"; }\n");
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i].Command
                .Replace("127.0.0.1:50051", $"127.0.0.1:{grpc.Port}", StringComparison.Ordinal)
                .Replace("127.0.0.1:8080", $"127.0.0.1:{http.Port}", StringComparison.Ordinal)
                .Replace("<id from Cancel>", operationId, StringComparison.Ordinal)
                .Replace("<id>", operationId, StringComparison.Ordinal);
            script.Append(CultureInfo.InvariantCulture, $"echo '>>> command {i}' >&2\n{command}\n");
            script.Append(CultureInfo.InvariantCulture, $"status=$?; if [ $status -ne {commands[i].ExitCode} ]; then echo \"README command {i} ended $status, expected {commands[i].ExitCode}\" >&2; exit 1; fi\n");
        }

        return script.ToString();
    }

    [GeneratedRegex(@"^```sh\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"^## ", RegexOptions.Multiline)]
    private static partial Regex Section();

    [GeneratedRegex(@"#\s*exit\s+(?<code>\d+)\s*$")]
    private static partial Regex ExitComment();
}
