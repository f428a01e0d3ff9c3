namespace CancelGateway.Security;

/// <summary>The claims the authentication handlers add for the gateway: one principal name and how it was proven.</summary>
internal static class CallerClaims
{
    public const string Principal = "cancelgateway/principal";
    public const string Method = "cancelgateway/method";
    public const string JwtMethod = "jwt";
    public const string CertificateMethod = "mtls";
    public const string AnonymousMethod = "anonymous";
}
