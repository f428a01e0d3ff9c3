using System.Text;
using System.Text.Json;
using CancelGateway.Emulators.CodeArts;
using CancelGateway.Emulators.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Emulators.Tests.CodeArts;

/// <summary>
/// One CodeArts emulator per test, on a fake clock, called over real HTTP. Disposing it fails the
/// test if the emulator logged an error nobody expected.
/// </summary>
public abstract class CodeArtsTestBase : IAsyncLifetime
{
    protected const string Project = "0123456789abcdef0123456789abcdef";
    protected const string Pipeline = "fedcba9876543210fedcba9876543210";

    private string? _token;

    protected FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow()); // real time, so real JWTs (iat/exp) fit

    protected CapturingLoggerProvider Logs { get; } = new();

    protected CodeArtsEmulator Emulator { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Emulator = await CodeArtsEmulator.StartAsync(new CodeArtsEmulatorOptions { ConfigureLogging = logging => logging.AddProvider(Logs) }, Clock).WaitAsync(Timeouts.Default);
        Http = new HttpClient { BaseAddress = Emulator.BaseAddress, Timeout = Timeouts.Default };
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync().AsTask().WaitAsync(Timeouts.Default);
        Assert.Empty(Logs.Errors);
    }

    /// <summary>Seeds a run in <see cref="Project"/>/<see cref="Pipeline"/>.</summary>
    protected CodeArtsRunBuilder AddRun() => Emulator.AddRun(Project, Pipeline);

    protected static string StopPath(string runId, string project = Project, string pipeline = Pipeline) =>
        $"v5/{project}/api/pipelines/{pipeline}/pipeline-runs/{runId}/stop";

    protected static string DetailPath(string runId, string project = Project, string pipeline = Pipeline) =>
        $"v5/{project}/api/pipelines/{pipeline}/pipeline-runs/detail?pipeline_run_id={runId}";

    /// <summary>Password authentication, as IAM's API reference shows it.</summary>
    protected Task<HttpResponseMessage> RequestTokenAsync(string? password = null, string? user = null, string? project = null)
    {
        var body = JsonSerializer.Serialize(new
        {
            auth = new
            {
                identity = new
                {
                    methods = new[] { "password" },
                    password = new { user = new { name = user ?? Emulator.UserName, password = password ?? Emulator.Password, domain = new { name = Emulator.DomainName } } },
                },
                scope = new { project = new { name = project ?? Emulator.Region } },
            },
        });
        return PostJsonAsync("v3/auth/tokens", body);
    }

    protected async Task<HttpResponseMessage> PostJsonAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await Http.PostAsync(new Uri(path, UriKind.Relative), content).WaitAsync(Timeouts.Default);
    }

    /// <summary>An IAM token (fetched once per test).</summary>
    protected async Task<string> GetTokenAsync()
    {
        if (_token is null)
        {
            using var response = await RequestTokenAsync();
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
            _token = response.Headers.GetValues("X-Subject-Token").Single();
        }

        return _token;
    }

    /// <summary>A call with X-Auth-Token (the test's token unless one is given).</summary>
    protected async Task<ApiResponse> SendWithTokenAsync(HttpMethod method, string path, string? token = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Emulator.BaseAddress, path));
        request.Headers.TryAddWithoutValidation("X-Auth-Token", token ?? await GetTokenAsync());
        using var response = await Http.SendAsync(request).WaitAsync(Timeouts.Default);
        return await ApiResponse.ReadAsync(response);
    }

    /// <summary>A call signed with SDK-HMAC-SHA256 (the emulator's keys and clock unless told otherwise).</summary>
    protected async Task<ApiResponse> SendSignedAsync(HttpMethod method, string path, string? secretKey = null, DateTimeOffset? at = null, string? accessKey = null, Action<HttpRequestMessage>? tamper = null, string? securityToken = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Emulator.BaseAddress, path));
        TestSigner.Sign(request, [], accessKey ?? Emulator.AccessKey, secretKey ?? Emulator.SecretKey, at ?? Clock.GetUtcNow(), securityToken);
        tamper?.Invoke(request);
        using var response = await Http.SendAsync(request).WaitAsync(Timeouts.Default);
        return await ApiResponse.ReadAsync(response);
    }

    protected static string? ErrorCode(ApiResponse response) => response.Json.GetProperty("error_code").GetString();

    protected static string StatusOf(ApiResponse detail) => detail.Json.GetProperty("status").GetString()!;

    protected static string RequestIdHeader(ApiResponse response) => response.Headers.GetValues("X-Request-Id").Single();
}
