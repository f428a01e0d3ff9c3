using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using CancelGateway.Emulators.Vertex.Http;

namespace CancelGateway.Emulators.Vertex.Auth;

/// <summary>
/// <c>POST /token</c>: the OAuth 2.0 token endpoint for service-account JWT-bearer grants
/// (<c>grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&amp;assertion=...</c>, form-encoded),
/// as Google.Apis.Auth's ServiceAccountCredential and google-auth send them.
/// </summary>
internal sealed class TokenEndpoint(
    JwtBearerGrantValidator validator,
    AccessTokenStore tokens,
    ILogger<TokenEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        // Tokens must never be cached by anything between the client and the server (RFC 6749 §5.1).
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        try
        {
            var grant = validator.Validate(await ReadAssertionAsync(context.Request));
            var (token, expiresAt) = tokens.Issue(grant);
            VertexLog.TokenIssued(logger, grant.ClientEmail, grant.Scopes, expiresAt);

            // Google reports one second less than the lifetime it grants (3599 for an hour).
            var expiresIn = Math.Max(1, (long)tokens.Lifetime.TotalSeconds - 1);
            await JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, (token, expiresIn), static (json, s) =>
            {
                json.WriteStartObject();
                json.WriteString("access_token", s.token);
                json.WriteNumber("expires_in", s.expiresIn);
                json.WriteString("token_type", "Bearer");
                json.WriteEndObject();
            });
        }
        catch (OAuthException e)
        {
            VertexLog.TokenRejected(logger, e.Error, e.Message);
            await JsonResponse.WriteAsync(context.Response, StatusCodes.Status400BadRequest, e, static (json, error) =>
            {
                json.WriteStartObject();
                json.WriteString("error", error.Error);
                json.WriteString("error_description", error.Message);
                json.WriteEndObject();
            });
        }
    }

    private static async Task<string> ReadAssertionAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            throw new OAuthException(OAuthException.InvalidRequest, "The request body must be application/x-www-form-urlencoded.");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var grantType = form["grant_type"].ToString();
        if (string.IsNullOrEmpty(grantType))
        {
            throw new OAuthException(OAuthException.InvalidRequest, "Missing required parameter: grant_type");
        }

        if (grantType != JwtBearerGrantValidator.GrantType)
        {
            throw new OAuthException(OAuthException.UnsupportedGrantType, $"Invalid grant_type: {grantType}");
        }

        var assertion = form["assertion"].ToString();
        return string.IsNullOrEmpty(assertion)
            ? throw new OAuthException(OAuthException.InvalidRequest, "Missing required parameter: assertion")
            : assertion;
    }
}
