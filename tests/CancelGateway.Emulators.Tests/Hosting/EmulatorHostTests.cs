using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Emulators.Tests.Support;
using CancelGateway.Emulators.Vertex;
using Xunit;

namespace CancelGateway.Emulators.Tests.Hosting;

public sealed class EmulatorHostTests
{
    [Fact]
    public async Task StartAsync_Default_DemoRunsSeeded()
    {
        await using var host = await EmulatorHost.StartAsync().WaitAsync(Timeouts.Default);

        var states = DemoRuns.VertexRunNames.ToDictionary(n => n[(n.LastIndexOf('/') + 1)..], n => host.Vertex.GetRun(n)!.State);

        Assert.Equal(PipelineState.Running, states["demo-running-1"]);
        Assert.Equal(PipelineState.Running, states["demo-running-3"]);
        Assert.Equal(PipelineState.Running, states["demo-loses-race"]);
        Assert.Equal(PipelineState.Succeeded, states["demo-succeeded"]);
        Assert.Equal(PipelineState.Failed, states["demo-failed"]);
        Assert.All(DemoRuns.VertexRunNames, n => Assert.StartsWith(DemoRuns.VertexParent + "/pipelineJobs/", n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_NoDemoRuns_Empty()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions { SeedDemoRuns = false }).WaitAsync(Timeouts.Default);

        Assert.Null(host.Vertex.GetRun(DemoRuns.VertexRunNames[0]));
    }

    [Fact]
    public async Task StartAsync_BadPort_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => VertexEmulator.StartAsync(new VertexEmulatorOptions { Port = 70000 }).WaitAsync(Timeouts.Default));

        Assert.Contains("VertexEmulatorOptions.Port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_DemoForbiddenRun_403()
    {
        await using var host = await EmulatorHost.StartAsync().WaitAsync(Timeouts.Default);
        using var http = new HttpClient { BaseAddress = host.Vertex.BaseAddress, Timeout = Timeouts.Default };
        using var grant = await http.PostAsync(
            new Uri("token", UriKind.Relative),
            JwtAssertions.Grant(JwtAssertions.Create(host.Vertex.ServiceAccountKeyJson, TimeProvider.System.GetUtcNow()))).WaitAsync(Timeouts.Default);
        var token = (await ApiResponse.ReadAsync(grant)).Json.GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("v1/" + DemoRuns.VertexRunNames[^1], UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.SendAsync(request).WaitAsync(Timeouts.Default);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task WriteServiceAccountKeyFile_GoogleKeyFileOwnerOnly()
    {
        await using var vertex = await VertexEmulator.StartAsync().WaitAsync(Timeouts.Default);
        var directory = Directory.CreateTempSubdirectory("emulator-tests-");
        try
        {
            var path = vertex.WriteServiceAccountKeyFile(directory.FullName);

            using var key = JsonDocument.Parse(await File.ReadAllTextAsync(path).WaitAsync(Timeouts.Default));
            var root = key.RootElement;
            Assert.Equal("service_account", root.GetProperty("type").GetString());
            Assert.Equal("demo-project", root.GetProperty("project_id").GetString());
            Assert.Equal("gateway@demo-project.iam.gserviceaccount.com", root.GetProperty("client_email").GetString());
            Assert.Equal(vertex.ClientEmail, root.GetProperty("client_email").GetString());
            Assert.Equal($"{vertex.BaseAddress}token", root.GetProperty("token_uri").GetString());
            Assert.Matches("^[0-9a-f]{40}$", root.GetProperty("private_key_id").GetString());
            Assert.Matches("^[0-9]{21}$", root.GetProperty("client_id").GetString());
            var pem = root.GetProperty("private_key").GetString()!;
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            Assert.Equal(2048, rsa.KeySize);
            Assert.Equal(vertex.ServiceAccountKeyJson, await File.ReadAllTextAsync(path).WaitAsync(Timeouts.Default));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_TwoEmulators_DifferentPortsAndKeys()
    {
        await using var first = await VertexEmulator.StartAsync().WaitAsync(Timeouts.Default);
        await using var second = await VertexEmulator.StartAsync().WaitAsync(Timeouts.Default);

        Assert.NotEqual(first.BaseAddress, second.BaseAddress);
        Assert.Equal("127.0.0.1", first.BaseAddress.Host);
        Assert.NotEqual(first.ServiceAccountKeyJson, second.ServiceAccountKeyJson);
    }
}
