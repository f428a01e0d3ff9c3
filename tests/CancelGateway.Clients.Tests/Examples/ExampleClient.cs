namespace CancelGateway.Clients.Tests.Examples;

/// <summary>
/// One of the clients/ examples: the scripts that generate (and build) it from protos/, and the
/// command that runs it (its arguments: <c>--address HOST:PORT RUN</c>).
/// </summary>
internal sealed record ExampleClient(string Language, IReadOnlyList<string[]> GenerateSteps, string[] Command)
{
    private static string Clients => Path.Combine(RepoPaths.Root, "clients");

    public static ExampleClient For(string language) => language switch
    {
        "python" => new(language, [["bash", Script("python", "gen.sh")]], ["/usr/bin/python3", Script("python", "cancel_and_watch.py")]),
        "typescript" => new(language, [["bash", Script("typescript", "gen.sh")]], ["node", Script("typescript", "dist", "src", "cancel_and_watch.js")]),
        "go" => new(language, [["bash", Script("go", "gen.sh")], ["bash", Script("go", "build.sh")]], [Script("go", "bin", "cancel-and-watch")]),
        "csharp" => new(language, [["bash", Script("csharp", "gen.sh"), "-c", RepoPaths.Configuration]], ["dotnet", Script("csharp", "bin", RepoPaths.Configuration, "net10.0", "CancelGateway.Client.Example.dll")]),
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "no such example"),
    };

    public string Directory => Path.Combine(Clients, Language);

    private static string Script(params string[] parts) => Path.Combine([Clients, .. parts]);
}
