namespace CancelGateway.Providers.Http;

/// <summary>
/// What the HTTP core and a provider's authentication handler tell each other through a
/// request's options: what the call is for, where it is signed, and whether the handler is
/// still getting credentials (so a timeout names the token endpoint rather than the provider).
/// </summary>
internal static class ProviderRequest
{
    /// <summary>What the gateway is doing, e.g. "cancelling projects/p/locations/l/pipelineJobs/j", for messages.</summary>
    public static readonly HttpRequestOptionsKey<string> What = new("CancelGateway.What");

    /// <summary>The region a request is signed for, or whose credentials it needs.</summary>
    public static readonly HttpRequestOptionsKey<string> Region = new("CancelGateway.Region");

    /// <summary>The provider project a request acts in (CodeArts: X-Project-Id).</summary>
    public static readonly HttpRequestOptionsKey<string> Project = new("CancelGateway.Project");

    /// <summary>True while the authentication handler waits for a credential.</summary>
    public static readonly HttpRequestOptionsKey<bool> Authenticating = new("CancelGateway.Authenticating");

    /// <summary>What the call is for; "calling the provider" when the core did not say.</summary>
    public static string WhatOf(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(What, out var what) ? what : "calling the provider";
    }

    /// <summary>An option the adapter must have set.</summary>
    public static string Required(HttpRequestMessage request, HttpRequestOptionsKey<string> key)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"The request has no {key.Key} option.");
    }
}
