namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>
/// An expected API failure, thrown where it is detected and written once, at the edge, as
/// Google's JSON error (<c>{"error":{"code","message","status","details"}}</c>, AIP-193).
/// </summary>
internal sealed class VertexApiException : Exception
{
    public VertexApiException(
        int httpStatus,
        string status,
        string message,
        string reason,
        string domain,
        IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyList<(string Field, string Description)>? fieldViolations = null)
        : base(message)
    {
        HttpStatus = httpStatus;
        Status = status;
        Reason = reason;
        Domain = domain;
        Metadata = metadata ?? new Dictionary<string, string>();
        FieldViolations = fieldViolations ?? [];
    }

    /// <summary>HTTP status, also the <c>code</c> of the JSON error.</summary>
    public int HttpStatus { get; }

    /// <summary>google.rpc.Code name, e.g. <c>NOT_FOUND</c>.</summary>
    public string Status { get; }

    /// <summary>ErrorInfo reason (UPPER_SNAKE_CASE).</summary>
    public string Reason { get; }

    /// <summary>ErrorInfo domain.</summary>
    public string Domain { get; }

    /// <summary>ErrorInfo metadata: every dynamic value of the message.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>google.rpc.BadRequest field violations, for INVALID_ARGUMENT.</summary>
    public IReadOnlyList<(string Field, string Description)> FieldViolations { get; }

    /// <summary>The <c>WWW-Authenticate</c> header that goes with a 401 or a scope failure.</summary>
    public string? WwwAuthenticate { get; init; }
}
