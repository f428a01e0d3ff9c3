namespace CancelGateway.Tests.Support;

/// <summary>A request a <see cref="StubHttpMessageHandler"/> received, with its body read.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, string? Body);
