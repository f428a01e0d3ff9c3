namespace CancelGateway.Providers.CodeArts;

/// <summary>How the gateway proves who it is to Huawei Cloud.</summary>
internal enum CodeArtsAuthMode
{
    /// <summary>
    /// An IAM token in <c>X-Auth-Token</c>: a configured token, or one obtained from IAM with the
    /// configured user name, password and account, cached and renewed before it expires.
    /// </summary>
    Token,

    /// <summary>An access key and secret key: every request is signed (SDK-HMAC-SHA256). Huawei's recommendation.</summary>
    AkSk,
}
