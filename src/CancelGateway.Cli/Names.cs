using CancelGateway.V1;

namespace CancelGateway.Cli;

/// <summary>The proto names of enum values (RUN_STATE_CANCELLED), as the API and every other client write them.</summary>
internal static class Names
{
    private static readonly Google.Protobuf.Reflection.EnumDescriptor RunStates =
        PipelineControlReflection.Descriptor.EnumTypes.Single(e => e.Name == nameof(RunState));

    private static readonly Google.Protobuf.Reflection.EnumDescriptor Providers =
        PipelineControlReflection.Descriptor.EnumTypes.Single(e => e.Name == nameof(V1.Provider));

    public static string State(RunState state) => RunStates.FindValueByNumber((int)state)?.Name ?? state.ToString();

    public static string Provider(Provider provider) => Providers.FindValueByNumber((int)provider)?.Name ?? provider.ToString();

    public static string OutOfScope(OutOfScopeRun.Types.Why why) =>
        OutOfScopeRun.Descriptor.EnumTypes.Single(e => e.Name == "Why").FindValueByNumber((int)why)?.Name ?? why.ToString();
}
