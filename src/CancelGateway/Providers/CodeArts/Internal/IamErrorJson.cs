namespace CancelGateway.Providers.CodeArts.Internal;

/// <summary>IAM's error object; its numeric <c>code</c> repeats the HTTP status and is not read.</summary>
internal sealed class IamErrorJson
{
    public string? Title { get; set; }

    public string? Message { get; set; }
}
