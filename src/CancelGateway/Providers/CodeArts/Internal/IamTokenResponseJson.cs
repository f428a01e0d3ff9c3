namespace CancelGateway.Providers.CodeArts.Internal;

/// <summary>The part of IAM's token answer the gateway reads: <c>{"token": {"expires_at": "..."}}</c> (the token itself is the X-Subject-Token header).</summary>
internal sealed class IamTokenResponseJson
{
    public IamTokenBodyJson? Token { get; set; }
}
