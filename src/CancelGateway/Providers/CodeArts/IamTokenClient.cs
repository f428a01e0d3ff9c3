using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using CancelGateway.Providers.CodeArts.Internal;
using CancelGateway.Providers.Http;
using CancelGateway.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// Asks IAM for a user token with password authentication (<c>POST /v3/auth/tokens</c>), scoped to
/// the IAM project named after the run's region, as Huawei's API guide does. The token comes in the
/// <c>X-Subject-Token</c> header, its expiry in the body's <c>token.expires_at</c>. The request body
/// holds the password: it is built in a buffer that is wiped once sent, and never logged.
/// </summary>
internal sealed class IamTokenClient
{
    /// <summary>The IHttpClientFactory client for IAM: no authentication handler (it is where credentials come from), no redirects.</summary>
    public const string HttpClientName = "codearts-iam";

    public const string SubjectTokenHeader = "X-Subject-Token";

    /// <summary>IAM tokens live 24 hours; used only if the body does not say.</summary>
    private static readonly TimeSpan DocumentedLifetime = TimeSpan.FromHours(24);

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly CodeArtsOptions _options;
    private readonly ProviderHttp _http;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<IamTokenClient> _logger;

    public IamTokenClient(IHttpClientFactory httpClientFactory, [FromKeyedServices(Provider.Codearts)] ProviderSecrets secrets, IOptions<CodeArtsOptions> options, TimeProvider timeProvider, ILogger<IamTokenClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _http = new ProviderHttp(
            new ProviderHttpSettings(Provider.Codearts, HttpClientName, "IAM", "IAM", CodeArtsOptions.SectionName, _options.RequestTimeout, _options.MaxResponseBytes, CodeArtsErrorMapper.RequestIdHeaders),
            CodeArtsLog.Failures,
            secrets,
            httpClientFactory,
            timeProvider,
            logger);
    }

    public async Task<IamToken> RequestAsync(string region, CancellationToken cancellationToken)
    {
        var what = $"obtaining an IAM token for project {region}";
        var iam = IamBase(region);
        var body = RequestBody(region);
        try
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(iam, "v3/auth/tokens?nocatalog=true")) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = JsonMediaType;
            var response = await _http.SendAsync(request, what, cancellationToken);
            if (!response.IsSuccess)
            {
                throw _http.Fail(CodeArtsErrorMapper.FromIamError(CodeArtsErrorMapper.ReadError(response.Message, response.Body, _timeProvider), what), what);
            }

            if (!response.Message.Headers.TryGetValues(SubjectTokenHeader, out var values) || values.FirstOrDefault() is not { } token || string.IsNullOrWhiteSpace(token))
            {
                throw _http.Fail(_http.InvalidResponse($"IAM answered HTTP {response.HttpStatus} without a token (no {SubjectTokenHeader} header) while {what}.", response), what);
            }

            var expiresAt = ReadExpiry(response.Body) ?? _timeProvider.GetUtcNow() + DocumentedLifetime;
            CodeArtsLog.TokenObtained(_logger, region, iam, expiresAt);
            return new IamToken(token, expiresAt);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(body);
        }
    }

    /// <summary>The IAM base URL: the configured one, or the region's.</summary>
    public Uri IamBase(string region) => _options.IamEndpoint is { } configured
        ? (configured.AbsolutePath.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/"))
        : new Uri($"https://iam.{region}.myhuaweicloud.com/");

    private static DateTimeOffset? ReadExpiry(string body) =>
        ProviderHttp.TryRead(body, CodeArtsJsonContext.Default.IamTokenResponseJson)?.Token?.ExpiresAt is { } expires
        && DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;

    private byte[] RequestBody(string region)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("auth");
            json.WriteStartObject("identity");
            json.WriteStartArray("methods");
            json.WriteStringValue("password");
            json.WriteEndArray();
            json.WriteStartObject("password");
            json.WriteStartObject("user");
            json.WriteString("name", _options.UserName);
            json.WriteString("password", _options.Password);
            json.WriteStartObject("domain");
            json.WriteString("name", _options.DomainName);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("scope");
            json.WriteStartObject("project");
            json.WriteString("name", region);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        var body = buffer.WrittenSpan.ToArray();
        buffer.Clear();
        return body;
    }
}
