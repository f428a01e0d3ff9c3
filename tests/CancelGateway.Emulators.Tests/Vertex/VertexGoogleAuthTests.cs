using System.Net;
using CancelGateway.Emulators.Tests.Support;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Xunit;

namespace CancelGateway.Emulators.Tests.Vertex;

/// <summary>The token flow against Google.Apis.Auth, the library the gateway uses, from the key file as the gateway loads it.</summary>
public sealed class VertexGoogleAuthTests : VertexTestBase
{
    [Fact]
    public async Task ServiceAccountCredential_FromKeyJson_TokenAuthorizesGet()
    {
        Emulator.AddRun(Job1);
        var credential = CredentialFactory.FromJson<ServiceAccountCredential>(Emulator.ServiceAccountKeyJson)
            .ToGoogleCredential()
            .CreateScoped(JwtAssertions.CloudPlatform);

        var token = await ((ITokenAccess)credential).GetAccessTokenForRequestAsync().WaitAsync(Timeouts.Default);
        var job = await SendAsync(HttpMethod.Get, $"v1/{Job1}", token: token);

        Assert.Equal(HttpStatusCode.OK, job.Status);
        Assert.Equal("PIPELINE_STATE_RUNNING", StateOf(job));
        Assert.Equal(1, Emulator.TokenRequests);
    }

    [Fact]
    public async Task ServiceAccountCredential_FromKeyFile_TokenServerIsTokenUri()
    {
        var directory = Directory.CreateTempSubdirectory("emulator-tests-");
        try
        {
            var path = Emulator.WriteServiceAccountKeyFile(directory.FullName);
            var credential = (await CredentialFactory.FromFileAsync<ServiceAccountCredential>(path, CancellationToken.None).WaitAsync(Timeouts.Default))
                .ToGoogleCredential()
                .CreateScoped(JwtAssertions.CloudPlatform);

            var token = await ((ITokenAccess)credential).GetAccessTokenForRequestAsync().WaitAsync(Timeouts.Default);

            Assert.StartsWith("ya29.", token, StringComparison.Ordinal);
            Assert.Equal(1, Emulator.TokenRequests);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ServiceAccountCredential_ForeignKey_RejectedAsInvalidGrant()
    {
        // The same account and token_uri, but signed with a key the emulator never issued.
        await using var other = await Emulators.Vertex.VertexEmulator.StartAsync(timeProvider: Clock).WaitAsync(Timeouts.Default);
        var json = other.ServiceAccountKeyJson.Replace(other.BaseAddress.ToString(), Emulator.BaseAddress.ToString(), StringComparison.Ordinal);
        var credential = CredentialFactory.FromJson<ServiceAccountCredential>(json).ToGoogleCredential().CreateScoped(JwtAssertions.CloudPlatform);

        var error = await Assert.ThrowsAsync<TokenResponseException>(
            () => ((ITokenAccess)credential).GetAccessTokenForRequestAsync().WaitAsync(Timeouts.Default));

        Assert.Equal("invalid_grant", error.Error.Error);
    }
}
