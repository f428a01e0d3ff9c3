using System.CommandLine;

namespace CancelGateway.Cli.Commands;

/// <summary>
/// <c>completion bash|zsh</c>: prints a script that completes commands and options by asking
/// cancelgateway itself (System.CommandLine's <c>[suggest:POSITION]</c> directive).
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # cancelgateway completion for bash: eval "$(cancelgateway completion bash)"
        _cancelgateway_complete() {
          local line="${COMP_LINE#* }" point=$((COMP_POINT - ${#COMP_LINE} + ${#COMP_LINE#* }))
          local IFS=$'\n'
          COMPREPLY=($(compgen -W "$(cancelgateway "[suggest:$point]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _cancelgateway_complete cancelgateway

        """;

    private const string Zsh = """
        # cancelgateway completion for zsh: eval "$(cancelgateway completion zsh)"
        _cancelgateway_complete() {
          local line="${BUFFER#* }"
          local point=$((CURSOR - ${#BUFFER} + ${#line}))
          local -a suggestions
          suggestions=("${(@f)$(cancelgateway "[suggest:$point]" "$line" 2>/dev/null)}")
          compadd -a suggestions
        }
        compdef _cancelgateway_complete cancelgateway

        """;

    public static Command Create(CliEnvironment environment)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script: eval \"$(cancelgateway completion bash)\".") { shell };
        command.SetAction(result =>
        {
            environment.Out.Write(result.GetValue(shell) == "zsh" ? Zsh : Bash);
            return ExitCodes.Success;
        });
        return command;
    }
}
