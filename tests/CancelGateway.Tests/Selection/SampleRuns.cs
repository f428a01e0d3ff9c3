using CancelGateway.Providers;
using CancelGateway.V1;
using Xunit;

namespace CancelGateway.Tests.Selection;

/// <summary>Runs to filter: one with every field, and ones lacking each optional field.</summary>
internal static class SampleRuns
{
    public static readonly DateTimeOffset Created = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>RUNNING, created <see cref="Created"/>, display name "nightly-train-42", pipeline "train", labels team=ml and empty=''.</summary>
    public static RunSummary Full { get; } = Run();

    /// <summary>A run as CodeArts lists one: no display name, no labels, no create time.</summary>
    public static RunSummary Bare { get; } = Run(displayName: null, pipelineName: null, labels: new Dictionary<string, string>(), noCreateTime: true);

    public static RunSummary Run(
        RunState state = RunState.Running,
        DateTimeOffset? created = default,
        string? displayName = "nightly-train-42",
        string? pipelineName = "train",
        IReadOnlyDictionary<string, string>? labels = null,
        bool noCreateTime = false)
    {
        Assert.True(RunNameParser.TryParse("projects/p1/locations/us-central1/pipelineJobs/job-1", out var name, out var error), error);
        return new RunSummary(
            name!,
            state,
            state.ToString(),
            noCreateTime ? null : created ?? Created,
            displayName,
            pipelineName,
            labels ?? new Dictionary<string, string> { ["team"] = "ml", ["empty"] = "" });
    }

    public static RunSummary CreatedAt(DateTimeOffset created) => Run(created: created);
}
