using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>One run as a provider's list call describes it, normalized.</summary>
/// <param name="Name">The run's name, in the gateway's form (it parses with <see cref="RunNameParser"/>).</param>
/// <param name="State">The normalized state.</param>
/// <param name="ProviderState">The provider's own state word.</param>
/// <param name="CreateTime">When the run was created, if the provider says.</param>
/// <param name="DisplayName">The run's display name, where the provider has one (Vertex AI, SageMaker).</param>
/// <param name="PipelineName">The pipeline's name, where the provider has one.</param>
/// <param name="Labels">The run's labels, where the provider has them (Vertex AI); empty otherwise.</param>
internal sealed record RunSummary(
    RunName Name,
    RunState State,
    string ProviderState,
    DateTimeOffset? CreateTime,
    string? DisplayName,
    string? PipelineName,
    IReadOnlyDictionary<string, string> Labels);
