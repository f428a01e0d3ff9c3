using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>Stable lower-case provider names for error metadata, logs and configuration, as each provider's run-name form gives it.</summary>
internal static class ProviderNames
{
    public static string Of(Provider provider) => RunNameForms.Of(provider)?.Name ?? "unspecified";
}
