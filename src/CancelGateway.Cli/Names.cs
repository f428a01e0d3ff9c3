using CancelGateway.V1;

namespace CancelGateway.Cli;

/// <summary>The proto names of enum values (RUN_STATE_CANCELLED), as the API and every other client write them.</summary>
internal static class Names
{
    private static readonly Google.Protobuf.Reflection.EnumDescriptor RunStates =
        PipelineControlReflection.Descriptor.EnumTypes.Single(e => e.Name == nameof(RunState));

    public static string State(RunState state) => RunStates.FindValueByNumber((int)state)?.Name ?? state.ToString();
}
