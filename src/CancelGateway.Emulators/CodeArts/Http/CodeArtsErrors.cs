namespace CancelGateway.Emulators.CodeArts.Http;

/// <summary>
/// Every refusal the CodeArts emulator gives. The API Gateway codes (APIG.*) and their HTTP statuses
/// are Huawei's published ones. The CodeArts Pipeline service's own codes for these cases are not
/// documented, so the DEVPIPE.* codes below are this emulator's choice, in the service's format:
/// a client must not depend on them (the gateway does not: it reads the run's detail to tell an
/// ended run from another refusal).
/// </summary>
internal static class CodeArtsErrors
{
    /// <summary>Stopping a run that has already ended (chosen code; the real one is undocumented).</summary>
    public const string RunEndedCode = "DEVPIPE.00011104";

    /// <summary>The run (or its pipeline, or project) does not exist (chosen code).</summary>
    public const string RunNotFoundCode = "DEVPIPE.00011105";

    /// <summary>The caller may not operate the pipeline (chosen code).</summary>
    public const string ForbiddenCode = "DEVPIPE.00011106";

    /// <summary>A parameter is missing or malformed (chosen code).</summary>
    public const string InvalidParameterCode = "DEVPIPE.00011001";

    /// <summary>The service is temporarily unavailable (chosen code).</summary>
    public const string UnavailableCode = "DEVPIPE.00010503";

    /// <summary>An internal error (chosen code).</summary>
    public const string InternalCode = "DEVPIPE.00010500";

    public static CodeArtsApiException RunEnded(string runId, CodeArtsRunStatus status) =>
        new(400, RunEndedCode, $"The pipeline run {runId} has already ended ({status.ToWireName()}) and cannot be stopped.", CodeArtsErrorSource.Service);

    public static CodeArtsApiException RunNotFound(string runId) =>
        new(404, RunNotFoundCode, $"The pipeline run {runId} does not exist.", CodeArtsErrorSource.Service);

    public static CodeArtsApiException PipelineNotFound(string pipelineId) =>
        new(404, RunNotFoundCode, $"The pipeline {pipelineId} does not exist.", CodeArtsErrorSource.Service);

    public static CodeArtsApiException Forbidden() =>
        new(403, ForbiddenCode, "You do not have the permission to perform this operation on the pipeline.", CodeArtsErrorSource.Service);

    public static CodeArtsApiException InvalidParameter(string message) =>
        new(400, InvalidParameterCode, message, CodeArtsErrorSource.Service);

    public static CodeArtsApiException Unavailable() =>
        new(503, UnavailableCode, "The service is temporarily unavailable. Try again later.", CodeArtsErrorSource.Service);

    public static CodeArtsApiException Internal() =>
        new(500, InternalCode, "Internal server error.", CodeArtsErrorSource.Service);

    public static CodeArtsApiException RouteNotFound() =>
        new(404, "APIG.0101", "The API does not exist or has not been published in the environment", CodeArtsErrorSource.ApiGateway);

    public static CodeArtsApiException Throttled(int limitPerMinute) =>
        new(429, "APIG.0308", $"The throttling threshold has been reached: policy user over ratelimit,limit:{limitPerMinute},time:1 minute", CodeArtsErrorSource.ApiGateway);

    /// <summary>AK/SK or token authentication failed: wrong signature, unknown access key, unknown token, no credentials.</summary>
    public static CodeArtsApiException Unauthenticated(string detail) =>
        new(401, "APIG.0301", $"Incorrect IAM authentication information: {detail}", CodeArtsErrorSource.ApiGateway);

    /// <summary>The X-Auth-Token has expired.</summary>
    public static CodeArtsApiException TokenExpired() =>
        new(401, "APIG.0307", "The token must be updated: the token has expired", CodeArtsErrorSource.ApiGateway);

    public static CodeArtsApiException IamUnauthorized(string message) =>
        new(401, "Unauthorized", message, CodeArtsErrorSource.Iam);

    public static CodeArtsApiException IamBadRequest(string message) =>
        new(400, "Bad Request", message, CodeArtsErrorSource.Iam);
}
