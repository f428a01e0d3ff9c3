namespace CancelGateway.Grpc;

/// <summary>The outcome of a call: a code and a human-readable detail.</summary>
/// <param name="StatusCode">The canonical status code.</param>
/// <param name="Detail">The message sent as <c>grpc-message</c>; empty when there is none.</param>
public readonly record struct Status(StatusCode StatusCode, string Detail)
{
    /// <summary>The status of a successful call.</summary>
    public static readonly Status DefaultSuccess = new(StatusCode.OK, string.Empty);

    /// <inheritdoc />
    public override string ToString() => $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\")";
}
