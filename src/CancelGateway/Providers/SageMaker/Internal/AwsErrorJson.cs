using System.Text.Json.Serialization;

namespace CancelGateway.Providers.SageMaker.Internal;

/// <summary>
/// An AWS JSON 1.1 error body: the code in <c>__type</c> (or <c>code</c>/<c>Code</c> from front ends
/// that word it so), the message in <c>message</c>, <c>Message</c> or <c>errorMessage</c>.
/// </summary>
internal sealed class AwsErrorJson
{
    [JsonPropertyName("__type")]
    public string? Type { get; set; }

    [JsonPropertyName("code")]
    public string? LowerCode { get; set; }

    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? LowerMessage { get; set; }

    public string? Message { get; set; }

    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; set; }
}
