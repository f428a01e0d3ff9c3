namespace CancelGateway.Security;

/// <summary>Who a call comes from, as authentication established it.</summary>
/// <param name="Principal">The JWT <c>sub</c>, the client certificate's URI SAN or CN, or <see cref="AnonymousPrincipal"/>.</param>
/// <param name="Method">How it was established: <c>jwt</c>, <c>mtls</c> or <c>anonymous</c>.</param>
/// <param name="Source">The peer address the call came from.</param>
internal sealed record Caller(string Principal, string Method, string Source)
{
    /// <summary>The principal of callers without credentials, where anonymous access is allowed.</summary>
    public const string AnonymousPrincipal = "anonymous";

    public bool IsAnonymous => Method == CallerClaims.AnonymousMethod;
}
