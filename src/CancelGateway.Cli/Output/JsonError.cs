namespace CancelGateway.Cli.Output;

/// <summary>An error as a JSON line: <c>{"name":…,"error":{"code":"NOT_FOUND","reason":…,"message":…}}</c>.</summary>
internal sealed record JsonError(string? Name, JsonErrorBody Error);
