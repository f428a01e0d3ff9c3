namespace CancelGateway.Cli.Output;

/// <summary>The error part of a <see cref="JsonError"/>.</summary>
internal sealed record JsonErrorBody(string Code, string? Reason, string Message);
