using Xunit;

namespace CancelGateway.Transport.Tests.Support;

/// <summary>One <see cref="ProbeServer"/> shared by every test of a class (xunit class fixture).</summary>
public sealed class ProbeServerFixture : IAsyncLifetime
{
    private ProbeServer? _server;

    public ProbeServer Server => _server ?? throw new InvalidOperationException("The probe server has not started.");

    public async Task InitializeAsync() => _server = await ProbeServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
