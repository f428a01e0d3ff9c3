using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CancelGateway.Emulators.Vertex;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CancelGateway.Emulators.Tests.Support;

/// <summary>
/// One emulator per test, on a fake clock, called over real HTTP. Disposing it fails the test if
/// the emulator logged an error nobody expected.
/// </summary>
public abstract class VertexTestBase : IAsyncLifetime
{
    protected const string Parent = "projects/p1/locations/us-central1";
    protected const string Job1 = Parent + "/pipelineJobs/job-1";
    protected const string Job2 = Parent + "/pipelineJobs/job-2";
    protected const string Job3 = Parent + "/pipelineJobs/job-3";

    private string? _token;

    protected FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow()); // real time, so real JWTs (iat/exp) fit

    protected CapturingLoggerProvider Logs { get; } = new();

    protected VertexEmulator Emulator { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        var options = new VertexEmulatorOptions { ConfigureLogging = logging => logging.AddProvider(Logs) };
        Configure(options);
        Emulator = await VertexEmulator.StartAsync(options, Clock).WaitAsync(Timeouts.Default);
        Http = new HttpClient { BaseAddress = Emulator.BaseAddress, Timeout = Timeouts.Default };
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync().AsTask().WaitAsync(Timeouts.Default);
        Assert.Empty(Logs.Errors);
    }

    protected virtual void Configure(VertexEmulatorOptions options)
    {
    }

    /// <summary>An access token from the emulator's token endpoint (fetched once per test).</summary>
    protected async Task<string> GetTokenAsync()
    {
        if (_token is null)
        {
            var assertion = JwtAssertions.Create(Emulator.ServiceAccountKeyJson, Clock.GetUtcNow());
            using var response = await Http.PostAsync(new Uri("token", UriKind.Relative), JwtAssertions.Grant(assertion)).WaitAsync(Timeouts.Default);
            var token = await ApiResponse.ReadAsync(response);
            Assert.Equal(System.Net.HttpStatusCode.OK, token.Status);
            _token = token.Json.GetProperty("access_token").GetString()!;
        }

        return _token;
    }

    protected async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body = null, bool authenticate = true, string? token = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (authenticate)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? await GetTokenAsync());
        }

        using var response = await Http.SendAsync(request).WaitAsync(Timeouts.Default);
        return await ApiResponse.ReadAsync(response);
    }

    protected Task<ApiResponse> GetJobAsync(string name) => SendAsync(HttpMethod.Get, $"v1/{name}");

    protected Task<ApiResponse> CancelAsync(string name, string? body = "{}") => SendAsync(HttpMethod.Post, $"v1/{name}:cancel", body);

    protected Task<ApiResponse> BatchCancelAsync(string parent, params string[] names) =>
        SendAsync(HttpMethod.Post, $"v1/{parent}/pipelineJobs:batchCancel", JsonSerializer.Serialize(new { names }));

    protected Task<ApiResponse> GetOperationAsync(string name) => SendAsync(HttpMethod.Get, $"v1/{name}");

    protected static string StateOf(ApiResponse job) => job.Json.GetProperty("state").GetString()!;
}
