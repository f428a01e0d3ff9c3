namespace CancelGateway.Emulators.Vertex.Auth;

/// <summary>
/// A rejected token request, answered 400 with the OAuth 2.0 error body
/// (<c>{"error","error_description"}</c>, RFC 6749 §5.2) Google's token server uses.
/// </summary>
internal sealed class OAuthException(string error, string description) : Exception(description)
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidGrant = "invalid_grant";
    public const string InvalidScope = "invalid_scope";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string UnauthorizedClient = "unauthorized_client";

    /// <summary>The OAuth error code.</summary>
    public string Error { get; } = error;
}
