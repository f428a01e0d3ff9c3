using System.CommandLine;
using CancelGateway.V1;

namespace CancelGateway.Cli.Commands;

/// <summary>The options cancel and batch share.</summary>
internal sealed class CancelOptions
{
    public Option<string?> Reason { get; } = new("--reason", "-r") { Description = "Why; kept with the operation for audit (at most 512 characters)." };

    public Option<bool> Force { get; } = new("--force") { Description = "FORCE mode: more than the provider's normal stop where it allows it (SageMaker: fail the callback steps that hold the stop back)." };

    public Option<string?> RequestId { get; } = new("--request-id") { Description = "A UUID that makes the request idempotent: a retry with the same id gets the same operation (default: a new one)." };

    public Option<bool> Wait { get; } = new("--wait", "-w") { Description = "Follow the runs, live, until every one has ended; then a final table. Exit 0 only when every run ended CANCELLED." };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Reason);
        command.Options.Add(Force);
        command.Options.Add(RequestId);
        command.Options.Add(Wait);
    }

    public CancelMode Mode(ParseResult result) => result.GetValue(Force) ? CancelMode.Force : CancelMode.Graceful;
}
