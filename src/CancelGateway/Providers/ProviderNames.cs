using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>Stable lower-case provider names for error metadata, logs and configuration.</summary>
internal static class ProviderNames
{
    public static string Of(Provider provider) => provider switch
    {
        Provider.VertexAi => "vertex-ai",
        Provider.Sagemaker => "sagemaker",
        Provider.Codearts => "codearts",
        _ => "unspecified",
    };
}
