namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>The error object of Google's JSON error: the canonical status name, the message, typed details.</summary>
internal sealed class GoogleErrorJson
{
    /// <summary>The google.rpc.Code name, e.g. FAILED_PRECONDITION.</summary>
    public string? Status { get; set; }

    public string? Message { get; set; }

    public List<GoogleErrorDetailJson>? Details { get; set; }
}
