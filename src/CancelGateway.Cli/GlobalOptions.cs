using System.CommandLine;

namespace CancelGateway.Cli;

/// <summary>The options every command takes (recursive: before or after the command's name).</summary>
internal static class GlobalOptions
{
    public const string AddressVariable = "CANCELGATEWAY_ADDRESS";

    public const string TokenVariable = "CANCELGATEWAY_TOKEN";

    public static Option<string> Address { get; } = new("--address", "-a")
    {
        Description = $"The gateway: http://HOST:PORT (h2c) or https://HOST:PORT (TLS). Default: ${AddressVariable}, else http://127.0.0.1:50051.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } address ? address : "http://127.0.0.1:50051",
        Recursive = true,
    };

    public static Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "table (for people) or json (one JSON object per line, for scripts).",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    public static Option<FileInfo?> CaFile { get; } = new("--ca-file")
    {
        Description = "PEM root certificate(s) to trust for the gateway's TLS certificate, instead of the system's.",
        Recursive = true,
    };

    public static Option<FileInfo?> CertFile { get; } = new("--cert-file")
    {
        Description = "PEM client certificate, for mTLS (with --key-file).",
        Recursive = true,
    };

    public static Option<FileInfo?> KeyFile { get; } = new("--key-file")
    {
        Description = "PEM private key of --cert-file.",
        Recursive = true,
    };

    public static Option<string?> Token { get; } = new("--token")
    {
        Description = $"Bearer token sent on every call. Default: ${TokenVariable}.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable),
        Recursive = true,
    };

    public static Option<TimeSpan> Timeout { get; } = new("--timeout")
    {
        Description = "Deadline of each request (not of --wait or watch, which last until the runs end).",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        Recursive = true,
    };

    public static IEnumerable<Option> All => [Address, Output, CaFile, CertFile, KeyFile, Token, Timeout];

    public static ConnectionSettings Connection(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.GetValue(Address)!;
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--address: '{result.GetValue(Address)}' is not http://HOST:PORT or https://HOST:PORT.");
        }

        var cert = result.GetValue(CertFile);
        var key = result.GetValue(KeyFile);
        if ((cert is null) != (key is null))
        {
            throw new UsageException("--cert-file and --key-file go together.");
        }

        return new ConnectionSettings(address, Existing(result.GetValue(CaFile)), Existing(cert), Existing(key), result.GetValue(Token), result.GetValue(Timeout));
    }

    private static string? Existing(FileInfo? file) =>
        file is null ? null : file.Exists ? file.FullName : throw new UsageException($"{file.FullName}: no such file.");
}
