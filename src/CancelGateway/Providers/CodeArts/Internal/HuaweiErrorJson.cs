namespace CancelGateway.Providers.CodeArts.Internal;

/// <summary>
/// Huawei Cloud's error body: <c>{"error_code", "error_msg", "request_id"}</c> from the service and API
/// Gateway, or IAM's Keystone-style <c>{"error": {"code", "title", "message"}}</c>.
/// </summary>
internal sealed class HuaweiErrorJson
{
    public string? ErrorCode { get; set; }

    public string? ErrorMsg { get; set; }

    public string? RequestId { get; set; }

    public IamErrorJson? Error { get; set; }
}
