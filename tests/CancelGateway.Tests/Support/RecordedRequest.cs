namespace CancelGateway.Tests.Support;

/// <summary>A request a <see cref="StubHttpMessageHandler"/> received, with its body read.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, string? Body)
{
    /// <summary>The request's own headers (not its content's), each name's values joined by ','.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
