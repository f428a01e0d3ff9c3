namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>
/// Every error the Vertex emulator returns, worded the way Google's front end and the
/// aiplatform service word them. Front-end failures (auth, quota, availability) use the
/// <c>googleapis.com</c> domain; the service's own use <c>aiplatform.googleapis.com</c>.
/// </summary>
internal static class VertexErrors
{
    public const string ServiceDomain = "aiplatform.googleapis.com";
    public const string FrontEndDomain = "googleapis.com";

    private const string CredentialsHelp =
        "Expected OAuth 2 access token, login cookie or other valid authentication credential. " +
        "See https://developers.google.com/identity/sign-in/web/devconsole-project.";

    public static VertexApiException CredentialsMissing(string method) =>
        Unauthenticated($"Request is missing required authentication credential. {CredentialsHelp}", "CREDENTIALS_MISSING", method);

    public static VertexApiException InvalidToken(string method) =>
        Unauthenticated($"Request had invalid authentication credentials. {CredentialsHelp}", "ACCESS_TOKEN_TYPE_UNSUPPORTED", method);

    public static VertexApiException ExpiredToken(string method) =>
        Unauthenticated($"Request had invalid authentication credentials. {CredentialsHelp}", "ACCESS_TOKEN_EXPIRED", method);

    public static VertexApiException InsufficientScopes(string method) =>
        new(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.", "ACCESS_TOKEN_SCOPE_INSUFFICIENT", FrontEndDomain,
            new Dictionary<string, string> { ["service"] = ServiceDomain, ["method"] = method })
        {
            WwwAuthenticate = "Bearer realm=\"https://accounts.google.com/\", error=\"insufficient_scope\"",
        };

    public static VertexApiException PermissionDenied(string permission, string resource) =>
        new(403, "PERMISSION_DENIED",
            $"Permission '{permission}' denied on resource '//{ServiceDomain}/{resource}' (or it may not exist).",
            "IAM_PERMISSION_DENIED", ServiceDomain,
            new Dictionary<string, string> { ["permission"] = permission, ["resource"] = resource });

    public static VertexApiException JobNotFound(string name) =>
        new(404, "NOT_FOUND", $"The PipelineJob \"{name}\" does not exist.", "PIPELINE_JOB_NOT_FOUND", ServiceDomain,
            new Dictionary<string, string> { ["resource"] = name });

    public static VertexApiException OperationNotFound(string name) =>
        new(404, "NOT_FOUND", $"Operation \"{name}\" not found.", "OPERATION_NOT_FOUND", ServiceDomain,
            new Dictionary<string, string> { ["resource"] = name });

    public static VertexApiException RouteNotFound(string method, string path) =>
        new(404, "NOT_FOUND", $"The requested URL {path} was not found on this server ({method}).", "METHOD_NOT_FOUND", FrontEndDomain,
            new Dictionary<string, string> { ["service"] = ServiceDomain, ["path"] = path });

    public static VertexApiException NotCancellable(string name, PipelineState state) =>
        new(400, "FAILED_PRECONDITION",
            $"The PipelineJob \"{name}\" is in state {state.ToWireName()} and cannot be cancelled.",
            "PIPELINE_JOB_NOT_CANCELLABLE", ServiceDomain,
            new Dictionary<string, string> { ["resource"] = name, ["state"] = state.ToWireName() });

    public static VertexApiException InvalidArgument(string field, string description) =>
        new(400, "INVALID_ARGUMENT", description, "INVALID_ARGUMENT", ServiceDomain,
            new Dictionary<string, string> { ["field"] = field }, [(field, description)]);

    public static VertexApiException InvalidJson(string detail) =>
        new(400, "INVALID_ARGUMENT", $"Invalid JSON payload received. {detail}", "INVALID_JSON_PAYLOAD", FrontEndDomain,
            new Dictionary<string, string> { ["service"] = ServiceDomain }, [(string.Empty, detail)]);

    public static VertexApiException InvalidName(string field, string value) =>
        InvalidArgument(field, $"Invalid PipelineJob name \"{value}\": expected projects/{{project}}/locations/{{location}}/pipelineJobs/{{pipeline_job}}.");

    public static VertexApiException Unavailable() =>
        new(503, "UNAVAILABLE", "The service is currently unavailable.", "SERVICE_UNAVAILABLE", FrontEndDomain,
            new Dictionary<string, string> { ["service"] = ServiceDomain });

    public static VertexApiException Throttled() =>
        new(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", "RATE_LIMIT_EXCEEDED", FrontEndDomain,
            new Dictionary<string, string> { ["service"] = ServiceDomain });

    public static VertexApiException Internal() =>
        new(500, "INTERNAL", "Internal error encountered.", "INTERNAL_ERROR", FrontEndDomain,
            new Dictionary<string, string> { ["service"] = ServiceDomain });

    private static VertexApiException Unauthenticated(string message, string reason, string method) =>
        new(401, "UNAUTHENTICATED", message, reason, FrontEndDomain,
            new Dictionary<string, string> { ["service"] = ServiceDomain, ["method"] = method })
        {
            WwwAuthenticate = "Bearer realm=\"https://accounts.google.com/\"",
        };
}
