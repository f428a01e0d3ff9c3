namespace CancelGateway.Providers.CodeArts;

/// <summary>Puts the gateway's credentials on a CodeArts request: an IAM token, or an AK/SK signature.</summary>
internal interface ICodeArtsAuthenticator
{
    /// <summary>The mode in force, for messages that say which settings to check.</summary>
    CodeArtsAuthMode Mode { get; }

    /// <summary>
    /// Authenticates <paramref name="request"/>, whose body is <paramref name="body"/>, for a run of
    /// <paramref name="project"/> (a project ID) in <paramref name="region"/>. Throws <see cref="ProviderException"/> when no credential can be
    /// had (IAM refused the user, or could not be reached).
    /// </summary>
    Task AuthenticateAsync(HttpRequestMessage request, byte[] body, string region, string project, CancellationToken cancellationToken);

    /// <summary>CodeArts answered 401 to <paramref name="request"/>: forget the token it carried, so the next call gets a new one.</summary>
    void Refused(HttpRequestMessage request, string region);
}
