using System.Collections.Frozen;
using CancelGateway.V1;
using Google.Protobuf.Reflection;

namespace CancelGateway.Selection.Internal;

/// <summary>
/// The words a filter may use for a <see cref="RunState"/>: the proto name (<c>RUN_STATE_RUNNING</c>)
/// and the same without its prefix (<c>RUNNING</c>), read from the proto descriptor so a state
/// added to the contract is filterable without a change here.
/// </summary>
internal static class RunStateNames
{
    private const string Prefix = "RUN_STATE_";

    private static readonly EnumDescriptor Descriptor =
        PipelineControlReflection.Descriptor.EnumTypes.Single(type => type.ClrType == typeof(RunState));

    private static readonly FrozenDictionary<string, RunState> ByName = Build();

    /// <summary>The short names, for error messages.</summary>
    public static string Listed { get; } = string.Join(", ", Descriptor.Values.Select(value => Short(value.Name)));

    public static bool TryGet(string name, out RunState state) => ByName.TryGetValue(name, out state);

    private static FrozenDictionary<string, RunState> Build()
    {
        var names = new Dictionary<string, RunState>(StringComparer.Ordinal);
        foreach (var value in Descriptor.Values)
        {
            var state = (RunState)value.Number;
            names[value.Name] = state;
            names[Short(value.Name)] = state;
        }

        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Short(string protoName) =>
        protoName.StartsWith(Prefix, StringComparison.Ordinal) ? protoName[Prefix.Length..] : protoName;
}
