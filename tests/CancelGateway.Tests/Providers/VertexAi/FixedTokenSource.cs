using CancelGateway.Providers.VertexAi;

namespace CancelGateway.Tests.Providers.VertexAi;

/// <summary>A token source that always has the same token, for tests that stub Vertex AI's HTTP.</summary>
internal sealed class FixedTokenSource(string token = "test-token") : IVertexAccessTokenSource
{
    public int Invalidations { get; private set; }

    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult(token);

    public void Invalidate(string rejectedToken) => Invalidations++;
}
