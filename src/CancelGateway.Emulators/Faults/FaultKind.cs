namespace CancelGateway.Emulators.Faults;

/// <summary>What an injected fault does to a request.</summary>
internal enum FaultKind
{
    /// <summary>The request is served normally (possibly after a delay).</summary>
    None,

    /// <summary>503 UNAVAILABLE before the request takes effect.</summary>
    Unavailable,

    /// <summary>429 RESOURCE_EXHAUSTED with <c>Retry-After</c> before the request takes effect.</summary>
    Throttle,

    /// <summary>The connection is aborted before the request takes effect.</summary>
    DropConnection,

    /// <summary>The request takes effect, then the client gets 503 UNAVAILABLE.</summary>
    FailAfterEffect,
}
