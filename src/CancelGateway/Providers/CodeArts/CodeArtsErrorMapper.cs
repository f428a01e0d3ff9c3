using CancelGateway.V1;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// The one place where CodeArts failures become <see cref="ProviderException"/>s: HTTP errors with
/// Huawei's error body (from the service, from API Gateway, from IAM); transport failures and time-outs are the HTTP core's.
/// Messages say what happened while doing what to which run, and never hold a password, secret
/// key, token or signature (<see cref="Sanitize"/> is the last line of defence).
/// </summary>
internal static partial class CodeArtsErrorMapper
{
    /// <summary>How far API Gateway lets X-Sdk-Date be from its clock.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    private const string ConfigurationProblem = "a gateway configuration problem";

    /// <summary>Classifies an unsuccessful answer of the CodeArts API (through API Gateway).</summary>
    /// <param name="error">The parsed response.</param>
    /// <param name="what">What the gateway was doing, e.g. "stopping codearts/regions/…/runs/…".</param>
    /// <param name="mode">The authentication in use, to say which settings to check.</param>
    public static ProviderException ToException(CodeArtsApiError error, string what, CodeArtsAuthMode mode)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = Describe(error);

        // API Gateway's "signature expired" code (APIG.0303) is documented for App authentication;
        // with IAM AK/SK a stale X-Sdk-Date is refused like any bad signature (APIG.0301). So no
        // code is trusted to mean skew: the two clocks are compared, the server's from its Date header.
        if (mode == CodeArtsAuthMode.AkSk && error.HttpStatus == 401
            && error.ServerDate is { } server && error.ReadAt is { } local && (local - server).Duration() > MaxClockSkew)
        {
            var apart = (local - server).Duration();
            return new ProviderException(
                Provider.Codearts, ProviderFailureKind.ClockSkew,
                $"Clock skew: CodeArts refused the gateway's request signature ({status}) while {what}, and the gateway's clock ({local.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}) is {apart.TotalMinutes:0} minutes {(local > server ? "ahead of" : "behind")} Huawei Cloud's (Date: {server.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}), more than the {MaxClockSkew.TotalMinutes:0} minutes a signature may be off. This is {ConfigurationProblem}: synchronise the gateway host's clock (NTP).",
                error.HttpStatus, error.ErrorCode, error.RequestId);
        }

        if (error.HttpStatus == 401 || error.ErrorCode is "APIG.0301" or "APIG.0303" or "APIG.0305" or "APIG.0307")
        {
            return new ProviderException(
                Provider.Codearts, ProviderFailureKind.AuthenticationFailed,
                $"The gateway's CodeArts credentials were refused ({status}) while {what} — {ConfigurationProblem} ({SettingsOf(mode)}){Detail(error.Message)}",
                error.HttpStatus, error.ErrorCode, error.RequestId);
        }

        if (error.ErrorCode == "APIG.0101")
        {
            // API Gateway knows no such API: the endpoint does not point at CodeArts Pipeline.
            return new ProviderException(
                Provider.Codearts, ProviderFailureKind.ApiNotFound,
                $"The CodeArts endpoint has no such API ({status}) while {what} — {ConfigurationProblem} ({CodeArtsOptions.SectionName}:Endpoint).",
                error.HttpStatus, error.ErrorCode, error.RequestId);
        }

        var (kind, headline) = Classify(error);
        var message = $"{headline} ({status}) while {what}{Detail(error.Message)}";
        if (error.RetryAfter is { } wait && ProviderFailures.Of(kind).IsTransient)
        {
            message += $" CodeArts asked to retry after {wait.TotalSeconds:0.###} s.";
        }

        return new ProviderException(Provider.Codearts, kind, message, error.HttpStatus, error.ErrorCode, error.RequestId, error.RetryAfter);
    }

    /// <summary>
    /// Classifies IAM's refusal to issue a token. Throttling and 5xx are transient; anything else
    /// (wrong user, password or account, a locked user, a malformed scope) is the gateway's
    /// configuration problem, which retrying cannot fix.
    /// </summary>
    public static ProviderException FromIamError(CodeArtsApiError error, string what)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = Describe(error);
        if (error.HttpStatus == 429 || error.HttpStatus >= 500)
        {
            return new ProviderException(
                Provider.Codearts, error.HttpStatus == 429 ? ProviderFailureKind.RateLimited : ProviderFailureKind.Unavailable,
                $"IAM could not issue a token ({status}) while {what}{Detail(error.Message)}",
                error.HttpStatus, error.ErrorCode, error.RequestId, error.RetryAfter);
        }

        return new ProviderException(
            Provider.Codearts, ProviderFailureKind.AuthenticationFailed,
            $"The gateway's CodeArts credentials were refused by IAM ({status}) while {what} — {ConfigurationProblem} ({SettingsOf(CodeArtsAuthMode.Token)}){Detail(error.Message)}",
            error.HttpStatus, error.ErrorCode, error.RequestId);
    }

    /// <summary>The settings to check when credentials are refused (names only, never values).</summary>
    public static string SettingsOf(CodeArtsAuthMode mode) => mode == CodeArtsAuthMode.AkSk
        ? $"check {CodeArtsOptions.SectionName}:AccessKey and SecretKey"
        : $"check {CodeArtsOptions.SectionName}:UserName, Password and DomainName, or Token";

    private static (ProviderFailureKind Kind, string Headline) Classify(CodeArtsApiError error) => error.HttpStatus switch
    {
        _ when error.ErrorCode == "APIG.0308" || error.HttpStatus == 429 => (ProviderFailureKind.RateLimited, "CodeArts is rate-limiting the gateway"),
        400 => (ProviderFailureKind.InvalidArgument, "CodeArts rejected the request as invalid"),
        403 => (ProviderFailureKind.PermissionDenied, "The gateway's CodeArts identity may not operate this pipeline"),
        404 => (ProviderFailureKind.NotFound, "CodeArts found no such pipeline run"),
        409 => (ProviderFailureKind.Conflict, "CodeArts reported a conflicting change"),
        500 or 502 or 503 or 504 => (ProviderFailureKind.Unavailable, "CodeArts is unavailable"),
        _ => (ProviderFailureKind.Unknown, "CodeArts failed"),
    };

    private static string Describe(CodeArtsApiError error) =>
        error.ErrorCode is { Length: > 0 } code ? $"HTTP {error.HttpStatus} {code}" : $"HTTP {error.HttpStatus}";

    private static string Detail(string message) => message.Length == 0 ? "." : $": {message}";
}
