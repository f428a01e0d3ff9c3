using CancelGateway.Providers.Http;
using System.Text.RegularExpressions;
using Amazon.Runtime.CredentialManagement;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.SageMaker;

/// <summary>
/// Fails start-up on a SageMaker misconfiguration, naming the setting, rather than on the first
/// stop hours later. Messages never quote the secret access key or the session token.
/// </summary>
internal sealed partial class SageMakerOptionsValidator : IValidateOptions<SageMakerOptions>
{
    private const string Prefix = SageMakerOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, SageMakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.Endpoint is { } endpoint)
        {
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add($"{Prefix}Endpoint must be an absolute http(s) URL such as https://api.sagemaker.us-east-1.amazonaws.com/, or unset for the regional endpoints; got '{endpoint}'.");
            }
            else if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment) || !string.IsNullOrEmpty(endpoint.UserInfo))
            {
                failures.Add($"{Prefix}Endpoint must not have a query, fragment or user info; got '{endpoint.GetLeftPart(UriPartial.Path)}'.");
            }
        }

        var hasKey = !string.IsNullOrEmpty(options.AccessKeyId);
        var hasSecret = !string.IsNullOrEmpty(options.SecretAccessKey);
        if (hasKey != hasSecret)
        {
            failures.Add($"{Prefix}AccessKeyId and {Prefix}SecretAccessKey go together: set both, or neither to use a profile or the default credential chain.");
        }
        else if (hasKey && !AccessKeyIdPattern().IsMatch(options.AccessKeyId!))
        {
            failures.Add($"{Prefix}AccessKeyId must be an AWS access key id (16 to 128 upper-case letters and digits, e.g. AKIA...); got '{options.AccessKeyId}'.");
        }

        if (options.SessionToken is not null && (!hasKey || options.SessionToken.Length == 0))
        {
            failures.Add($"{Prefix}SessionToken needs {Prefix}AccessKeyId and {Prefix}SecretAccessKey (temporary credentials), and must not be empty.");
        }

        if (options.Profile is { } profile)
        {
            if (string.IsNullOrWhiteSpace(profile))
            {
                failures.Add($"{Prefix}Profile is empty; name a profile of the shared AWS files, or remove it to use the default credential chain.");
            }
            else if (hasKey)
            {
                failures.Add($"{Prefix}Profile and {Prefix}AccessKeyId are alternatives; set one of them.");
            }
            else if (!new CredentialProfileStoreChain().TryGetProfile(profile, out _))
            {
                failures.Add($"{Prefix}Profile '{profile}' is not in the shared AWS config or credentials file.");
            }
        }

        ProviderCallLimits.Validate(Prefix, options.RequestTimeout, options.MaxResponseBytes, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^[A-Z0-9]{16,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AccessKeyIdPattern();
}
