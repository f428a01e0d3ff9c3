namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>Google's JSON error: <c>{"error": {"code", "message", "status", "details"}}</c>.</summary>
internal sealed class GoogleErrorBodyJson
{
    public GoogleErrorJson? Error { get; set; }
}
