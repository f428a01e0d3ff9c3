using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// Asks IAM for a user token with password authentication (<c>POST /v3/auth/tokens</c>), scoped to
/// the IAM project named after the run's region, as Huawei's API guide does. The token comes in the
/// <c>X-Subject-Token</c> header, its expiry in the body's <c>token.expires_at</c>. The request body
/// holds the password: it is built in a buffer that is wiped once sent, and never logged.
/// </summary>
internal sealed class IamTokenClient(IHttpClientFactory httpClientFactory, IOptions<CodeArtsOptions> options, TimeProvider timeProvider, ILogger<IamTokenClient> logger)
{
    public const string SubjectTokenHeader = "X-Subject-Token";

    /// <summary>IAM tokens live 24 hours; used only if the body does not say.</summary>
    private static readonly TimeSpan DocumentedLifetime = TimeSpan.FromHours(24);

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly CodeArtsOptions _options = options.Value;

    public async Task<IamToken> RequestAsync(string region, CancellationToken cancellationToken)
    {
        var what = $"obtaining an IAM token for project {region}";
        var iam = IamBase(region);
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var body = RequestBody(region);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(iam, "v3/auth/tokens?nocatalog=true"));
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonMediaType;
            var client = httpClientFactory.CreateClient(CodeArtsProvider.HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                var error = CodeArtsErrorMapper.ReadError(response, text, timeProvider, _options.Secrets);
                var failure = CodeArtsErrorMapper.FromIamError(error, what);
                if (failure.Reason == CodeArtsErrorMapper.AuthenticationFailedReason)
                {
                    CodeArtsLog.AuthenticationFailed(logger, what, failure.Message);
                }

                throw failure;
            }

            var requestId = CodeArtsErrorMapper.ReadRequestId(response);
            if (!response.Headers.TryGetValues(SubjectTokenHeader, out var values) || values.FirstOrDefault() is not { Length: > 0 } token)
            {
                throw CodeArtsErrorMapper.FromInvalidResponse(what + $" (no {SubjectTokenHeader} header)", (int)response.StatusCode, requestId, null);
            }

            var expiresAt = ReadExpiry(text) ?? timeProvider.GetUtcNow() + DocumentedLifetime;
            CodeArtsLog.TokenObtained(logger, region, iam, expiresAt);
            return new IamToken(token, expiresAt);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw CodeArtsErrorMapper.FromTimeout(_options.RequestTimeout, what, iam: true);
        }
        catch (Exception ex) when (CodeArtsErrorMapper.IsTransportFailure(ex))
        {
            throw CodeArtsErrorMapper.FromTransportFailure(ex, what, iam: true);
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

    private static DateTimeOffset? ReadExpiry(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("token", out var token)
                && token.TryGetProperty("expires_at", out var expires)
                && expires.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(expires.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? at
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

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
