using System.Diagnostics.CodeAnalysis;

namespace CancelGateway.Emulators.Vertex.Runs;

/// <summary><c>projects/{project}/locations/{location}/pipelineJobs/{job}</c> (AIP-122).</summary>
internal readonly record struct PipelineJobName(string Project, string Location, string Job)
{
    /// <summary>The collection's parent: <c>projects/{project}/locations/{location}</c>.</summary>
    public string Parent => $"projects/{Project}/locations/{Location}";

    public static bool TryParse(string? value, [NotNullWhen(true)] out PipelineJobName? name)
    {
        name = null;
        var parts = value?.Split('/');
        if (parts is not ["projects", var project, "locations", var location, "pipelineJobs", var job]
            || !IsSegment(project) || !IsSegment(location) || !IsSegment(job))
        {
            return false;
        }

        name = new PipelineJobName(project, location, job);
        return true;
    }

    /// <summary>A resource ID segment: not empty and free of the characters that split paths and verbs.</summary>
    public static bool IsSegment(string value) =>
        value.Length is > 0 and <= 128 && value.AsSpan().IndexOfAny("/:?#") < 0;

    public override string ToString() => $"{Parent}/pipelineJobs/{Job}";
}
