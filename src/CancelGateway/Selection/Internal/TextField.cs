using CancelGateway.Providers;

namespace CancelGateway.Selection.Internal;

/// <summary>
/// A text field of a run a filter can compare: display_name, pipeline_name or one label's value.
/// <see cref="Read"/> is null when the run lacks the field (a provider without display names, a
/// label the run does not carry); an empty display or pipeline name counts as none.
/// </summary>
/// <param name="Name">The field as a filter names it, for messages.</param>
/// <param name="Read">The field's value on a run, or null.</param>
internal sealed record TextField(string Name, Func<RunSummary, string?> Read)
{
    public static TextField DisplayName { get; } = new("display_name", run => NullIfEmpty(run.DisplayName));

    public static TextField PipelineName { get; } = new("pipeline_name", run => NullIfEmpty(run.PipelineName));

    /// <summary>The value of the label <paramref name="key"/> (an empty value is still a value: the label is there).</summary>
    public static TextField Label(string key) =>
        new($"labels.{key}", run => run.Labels.TryGetValue(key, out var value) ? value : null);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
