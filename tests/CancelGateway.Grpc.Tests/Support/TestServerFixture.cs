using Xunit;

namespace CancelGateway.Grpc.Tests.Support;

/// <summary>One <see cref="TestServer"/> shared by every test of a class (xunit class fixture).</summary>
public sealed class TestServerFixture : IAsyncLifetime
{
    private TestServer? _server;

    public TestServer Server => _server ?? throw new InvalidOperationException("The test server has not started.");

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
