namespace CancelGateway.Providers.VertexAi;

/// <summary>
/// Where the Vertex AI adapter gets its bearer token. The token is cached and refreshed by the
/// source; failures surface as the raw exceptions of the credential library
/// (<see cref="VertexErrorMapper.FromTokenFailure"/> classifies them), so the adapter can
/// tell a refused key from an unreachable token endpoint.
/// </summary>
internal interface IVertexAccessTokenSource
{
    /// <summary>A valid access token, from cache when it is still fresh.</summary>
    Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Vertex AI answered 401 to <paramref name="rejectedToken"/>: forget it, so the next call gets
    /// a new one instead of reusing a revoked token until it would have expired.
    /// </summary>
    void Invalidate(string rejectedToken);
}
