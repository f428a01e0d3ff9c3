namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>
/// ListPipelineJobsRequest.read_mask (a google.protobuf.FieldMask: comma-separated paths, in
/// lowerCamel or snake_case): which PipelineJob fields each listed job carries. Google's own SDK
/// asks for <c>pipeline_spec.pipeline_info</c> rather than the whole spec, which is large.
/// </summary>
internal sealed class VertexReadMask
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["name"] = "name",
        ["display_name"] = "displayName",
        ["create_time"] = "createTime",
        ["start_time"] = "startTime",
        ["end_time"] = "endTime",
        ["update_time"] = "updateTime",
        ["state"] = "state",
        ["error"] = "error",
        ["labels"] = "labels",
        ["pipeline_spec"] = "pipelineSpec",
        ["pipeline_spec.pipeline_info"] = "pipelineSpec",
    };

    private readonly HashSet<string>? _fields;

    private VertexReadMask(HashSet<string>? fields) => _fields = fields;

    /// <summary>Every field (no mask given).</summary>
    public static VertexReadMask All { get; } = new(null);

    /// <summary>Parses the query parameter; an unknown path is INVALID_ARGUMENT, as Google answers it.</summary>
    public static VertexReadMask Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return All;
        }

        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.Split(','))
        {
            var path = raw.Trim();
            if (!Fields.TryGetValue(SnakeCase(path), out var field))
            {
                throw VertexErrors.InvalidArgument("read_mask", $"Invalid field mask path \"{path}\": PipelineJob has no such field the emulator knows.");
            }

            fields.Add(field);
        }

        return new VertexReadMask(fields);
    }

    /// <summary>Whether the job's top-level field <paramref name="field"/> (lowerCamel, as on the wire) is written.</summary>
    public bool Includes(string field) => _fields is null || _fields.Contains(field);

    private static string SnakeCase(string path) =>
        string.Concat(path.Select(c => char.IsAsciiLetterUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));
}
