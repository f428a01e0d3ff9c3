namespace CancelGateway.Providers.CodeArts;

/// <summary>The intermediate values and result of one SDK-HMAC-SHA256 signature (the secret key is not among them).</summary>
/// <param name="CanonicalRequest">Method, canonical URI, query, headers, signed headers and body hash, one per line.</param>
/// <param name="StringToSign"><c>SDK-HMAC-SHA256\n{X-Sdk-Date}\n{hex(sha256(CanonicalRequest))}</c>.</param>
/// <param name="SignedHeaders">The lower-case header names signed, <c>;</c>-separated.</param>
/// <param name="Signature">Lower-case hex of HMAC-SHA256(secret key, StringToSign).</param>
/// <param name="Authorization">The <c>Authorization</c> header value. It holds the signature: never log it.</param>
internal sealed record SdkSignature(string CanonicalRequest, string StringToSign, string SignedHeaders, string Signature, string Authorization);
