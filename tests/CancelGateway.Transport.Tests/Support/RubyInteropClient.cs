namespace CancelGateway.Transport.Tests.Support;

/// <summary>
/// The official gRPC interop-test client, as shipped inside Debian's ruby-grpc gem
/// (src/ruby/pb/test/client.rb). Its location depends on the architecture, the rubygems
/// integration version and the gem version, so it is searched for rather than hard-coded.
/// </summary>
public static class RubyInteropClient
{
    private const string InstallHint = "apt-get install -y ruby-grpc";

    private static readonly Lazy<string> LazyScript = new(FindScript);

    /// <summary>The ruby interpreter.</summary>
    public static string Ruby => Toolchain.Require("ruby", InstallHint);

    /// <summary>The client.rb path; the newest gem version wins if several are installed.</summary>
    public static string Script => LazyScript.Value;

    private static string FindScript()
    {
        // /usr/lib/<arch>/rubygems-integration/<ruby abi>/gems/grpc-<version>/src/ruby/pb/test/client.rb
        var candidates =
            from arch in SafeDirectories("/usr/lib")
            from abi in SafeDirectories(Path.Combine(arch, "rubygems-integration"))
            from gem in SafeDirectories(Path.Combine(abi, "gems"))
            where Path.GetFileName(gem).StartsWith("grpc-", StringComparison.Ordinal)
            let script = Path.Combine(gem, "src", "ruby", "pb", "test", "client.rb")
            where File.Exists(script)
            select (Version: ParseVersion(Path.GetFileName(gem)["grpc-".Length..]), Script: script);
        var newest = candidates.OrderByDescending(c => c.Version).Select(c => c.Script).FirstOrDefault();
        return newest ?? throw new InvalidOperationException(
            $"The Ruby interop client (/usr/lib/*/rubygems-integration/*/gems/grpc-*/src/ruby/pb/test/client.rb) was not found. Install it: {InstallHint}.");
    }

    private static IEnumerable<string> SafeDirectories(string path) =>
        Directory.Exists(path) ? Directory.EnumerateDirectories(path) : [];

    private static Version ParseVersion(string text) =>
        Version.TryParse(text, out var version) ? version : new Version(0, 0);
}
