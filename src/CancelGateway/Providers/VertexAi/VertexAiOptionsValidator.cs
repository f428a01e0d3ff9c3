using CancelGateway.Providers.Http;
using CancelGateway.Providers.VertexAi.Internal;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.VertexAi;

/// <summary>
/// Fails start-up on a Vertex AI misconfiguration, naming the setting, rather than on the first
/// cancel hours later.
/// </summary>
internal sealed class VertexAiOptionsValidator : IValidateOptions<VertexAiOptions>
{
    private const string Prefix = VertexAiOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, VertexAiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.Endpoint is { } endpoint)
        {
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add($"{Prefix}Endpoint must be an absolute http(s) URL such as https://us-central1-aiplatform.googleapis.com/, or unset for the regional endpoints; got '{endpoint}'.");
            }
            else if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
            {
                failures.Add($"{Prefix}Endpoint must not have a query or fragment; got '{endpoint}'.");
            }
        }

        if (options.CredentialsFile is { } file)
        {
            if (string.IsNullOrWhiteSpace(file))
            {
                failures.Add($"{Prefix}CredentialsFile is empty; set it to a service-account key file or remove it to use Application Default Credentials.");
            }
            else if (!File.Exists(file))
            {
                failures.Add($"{Prefix}CredentialsFile '{file}' does not exist.");
            }
            else if (!ServiceAccountKey.TryLoad(file, out _, out var error))
            {
                failures.Add($"{Prefix}CredentialsFile '{file}' is not usable: {error}");
            }
        }

        for (var i = 0; i < options.Scopes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Scopes[i]))
            {
                failures.Add($"{Prefix}Scopes:{i} is empty.");
            }
        }

        ProviderCallLimits.Validate(Prefix, options.RequestTimeout, options.MaxResponseBytes, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
