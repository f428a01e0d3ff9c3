using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CancelGateway.Tests.Support;

/// <summary>
/// The provider emulators as their own process (<c>dotnet CancelGateway.Emulators.dll</c>), as
/// people run them beside several gateways: the banner says where each provider listens and
/// how to log in; <c>GET /_emulator/counters</c> on each base URL says what reached it. Disposing
/// kills the process by its id.
/// </summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private EmulatorProcess(Process process, IReadOnlyList<string> banner)
    {
        _process = process;
        Banner = banner;
        VertexBaseUrl = new Uri(Field("base URL:"));
        VertexKeyFile = Field("key file:");
        CodeArtsBaseUrl = new Uri(Field("API endpoint:"));
        SageMakerBaseUrl = new Uri(Field("endpoint URL:"));
        var akSk = Field("AK/SK:", wordsAfter: 3);
        CodeArtsAccessKey = akSk[0];
        CodeArtsSecretKey = akSk[2];
        var credentials = Field("credentials:", wordsAfter: 2);
        SageMakerAccessKeyId = credentials[0]["AWS_ACCESS_KEY_ID=".Length..];
        SageMakerSecretAccessKey = credentials[1]["AWS_SECRET_ACCESS_KEY=".Length..];
    }

    public int Id => _process.Id;

    public IReadOnlyList<string> Banner { get; }

    public Uri VertexBaseUrl { get; }

    public string VertexKeyFile { get; }

    public Uri CodeArtsBaseUrl { get; }

    public Uri SageMakerBaseUrl { get; }

    private string CodeArtsAccessKey { get; }

    private string CodeArtsSecretKey { get; }

    private string SageMakerAccessKeyId { get; }

    private string SageMakerSecretAccessKey { get; }

    /// <summary>The gateway settings that point all three providers at this process (its published demo credentials).</summary>
    public IReadOnlyDictionary<string, string> ProviderSettings => new Dictionary<string, string>
    {
        ["Providers:VertexAi:Endpoint"] = VertexBaseUrl.AbsoluteUri,
        ["Providers:VertexAi:CredentialsFile"] = VertexKeyFile,
        ["Providers:CodeArts:Endpoint"] = CodeArtsBaseUrl.AbsoluteUri,
        ["Providers:CodeArts:IamEndpoint"] = CodeArtsBaseUrl.AbsoluteUri,
        ["Providers:CodeArts:AccessKey"] = CodeArtsAccessKey,
        ["Providers:CodeArts:SecretKey"] = CodeArtsSecretKey,
        ["Providers:SageMaker:Endpoint"] = SageMakerBaseUrl.AbsoluteUri,
        ["Providers:SageMaker:AccessKeyId"] = SageMakerAccessKeyId,
        ["Providers:SageMaker:SecretAccessKey"] = SageMakerSecretAccessKey,
    };

    /// <summary>Starts the emulators with <paramref name="arguments"/> and waits for "Ready.".</summary>
    public static async Task<EmulatorProcess> StartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, StandardOutputEncoding = Encoding.UTF8 };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CancelGateway.Emulators.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The emulator process did not start.");
        var banner = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line && line != "Ready.")
            {
                banner.Add(line);
            }

            // Keep draining its output so that its logging never blocks on a full pipe.
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
            return new EmulatorProcess(process, banner);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The counters of the provider at <paramref name="baseUrl"/>.</summary>
    public async Task<EmulatorCountersSnapshot> CountersAsync(Uri baseUrl)
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync(new Uri(baseUrl, "_emulator/counters")));
        var root = json.RootElement;
        return new EmulatorCountersSnapshot(
            root.GetProperty("apiRequests").GetInt32(),
            root.GetProperty("acceptedStops").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal),
            root.GetProperty("requestsPerSecond").EnumerateObject().ToDictionary(p => long.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetInt32()));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }

        _process.Dispose();
    }

    private string Field(string label) => Field(label, 1)[0];

    private string[] Field(string label, int wordsAfter)
    {
        var line = Banner.First(l => l.Contains(label, StringComparison.Ordinal));
        return line[(line.IndexOf(label, StringComparison.Ordinal) + label.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..wordsAfter];
    }
}
