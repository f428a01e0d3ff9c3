using CancelGateway.Providers.Http;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// Fails start-up on a CodeArts misconfiguration, naming the setting (never its value: several are
/// secrets), rather than on the first cancel hours later.
/// </summary>
internal sealed class CodeArtsOptionsValidator : IValidateOptions<CodeArtsOptions>
{
    private const string Prefix = CodeArtsOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, CodeArtsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckEndpoint(options.Endpoint, "Endpoint", "https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com/", failures);
        CheckEndpoint(options.IamEndpoint, "IamEndpoint", "https://iam.cn-north-4.myhuaweicloud.com/", failures);
        foreach (var (region, endpoint) in options.Endpoints ?? [])
        {
            if (!IsRegionName(region))
            {
                failures.Add($"{Prefix}Endpoints:{region} does not name a region: a region is lower-case letters, digits and '-', such as la-south-2.");
            }

            CheckEndpoint(endpoint, $"Endpoints:{region}", $"https://pipeline-external.{(IsRegionName(region) ? region : "la-south-2")}.myhuaweicloud.com/", failures);
        }

        if (options.Auth is { } mode && !Enum.IsDefined(mode))
        {
            failures.Add($"{Prefix}Auth must be Token or AkSk.");
        }
        else if (options.EffectiveAuth == CodeArtsAuthMode.AkSk)
        {
            RequireSet(options.AccessKey, "AccessKey", "AkSk", failures);
            RequireSet(options.SecretKey, "SecretKey", "AkSk", failures);
            if (options.SecurityToken is not null)
            {
                RequireSet(options.SecurityToken, "SecurityToken", "AkSk with temporary keys", failures);
            }

            RejectSet(options, "AkSk", failures, ("Token", options.Token), ("UserName", options.UserName), ("Password", options.Password), ("DomainName", options.DomainName));
        }
        else
        {
            ValidateToken(options, failures);
        }

        ProviderCallLimits.Validate(Prefix, options.RequestTimeout, options.MaxResponseBytes, failures);

        if (options.TokenRefreshMargin < TimeSpan.Zero || options.TokenRefreshMargin > TimeSpan.FromHours(12))
        {
            failures.Add($"{Prefix}TokenRefreshMargin must be between 00:00:00 and 12:00:00; got {options.TokenRefreshMargin}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateToken(CodeArtsOptions options, List<string> failures)
    {
        RejectSet(options, "Token", failures, ("AccessKey", options.AccessKey), ("SecretKey", options.SecretKey), ("SecurityToken", options.SecurityToken));
        var hasToken = options.Token is not null;
        var hasUser = options.UserName is not null || options.Password is not null || options.DomainName is not null;
        if (hasToken && hasUser)
        {
            failures.Add($"{Prefix}Token and {Prefix}UserName/Password/DomainName are alternatives; set one or the other.");
            return;
        }

        if (hasToken)
        {
            RequireSet(options.Token, "Token", "Token", failures);
            return;
        }

        if (!hasUser)
        {
            failures.Add($"{CodeArtsOptions.SectionName} has no credentials: set {Prefix}AccessKey and {Prefix}SecretKey (recommended), or {Prefix}UserName, {Prefix}Password and {Prefix}DomainName, or {Prefix}Token.");
            return;
        }

        RequireSet(options.UserName, "UserName", "Token", failures);
        RequireSet(options.Password, "Password", "Token", failures);
        RequireSet(options.DomainName, "DomainName", "Token", failures);
    }

    private static bool IsRegionName(string region) =>
        region.Length is > 0 and <= 64 && region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static void CheckEndpoint(Uri? endpoint, string setting, string example, List<string> failures)
    {
        if (endpoint is null)
        {
            return;
        }

        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Prefix}{setting} must be an absolute http(s) URL such as {example}, or unset for the regional endpoint; got '{endpoint}'.");
        }
        else if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment) || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            failures.Add($"{Prefix}{setting} must not have a query, fragment or user information.");
        }
    }

    private static void RequireSet(string? value, string setting, string mode, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Prefix}{setting} is required when {Prefix}Auth is {mode}.");
        }
        else if (value.Trim().Length != value.Length || value.Any(char.IsControl))
        {
            // Said without the value: it may be a secret.
            failures.Add($"{Prefix}{setting} has leading or trailing spaces or control characters (its value is not shown).");
        }
    }

    private static void RejectSet(CodeArtsOptions options, string mode, List<string> failures, params (string Setting, string? Value)[] settings)
    {
        var stray = settings.Where(s => s.Value is not null).Select(s => Prefix + s.Setting).ToList();
        if (stray.Count > 0)
        {
            var why = options.Auth is null ? $"{Prefix}AccessKey is {(mode == "AkSk" ? "set" : "not set")}, so {Prefix}Auth is {mode}" : $"{Prefix}Auth is {mode}";
            failures.Add($"{string.Join(", ", stray)} must not be set: {why}. Configure one kind of credentials.");
        }
    }
}
