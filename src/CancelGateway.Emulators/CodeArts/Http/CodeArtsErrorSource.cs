namespace CancelGateway.Emulators.CodeArts.Http;

/// <summary>Who refuses a request: each words its error body its own way.</summary>
internal enum CodeArtsErrorSource
{
    /// <summary>The CodeArts Pipeline service: <c>{"error_code","error_msg"}</c>.</summary>
    Service,

    /// <summary>API Gateway in front of it (authentication, throttling, routing): <c>{"error_code","error_msg","request_id"}</c>.</summary>
    ApiGateway,

    /// <summary>IAM's token endpoint, Keystone-style: <c>{"error":{"code","title","message"}}</c>.</summary>
    Iam,
}
