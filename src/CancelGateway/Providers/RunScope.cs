using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>
/// What one provider list call covers, parsed: a Vertex AI <c>projects/{p}/locations/{l}</c>, a
/// SageMaker pipeline ARN, a CodeArts <c>codearts/regions/{r}/projects/{p}/pipelines/{x}</c>.
/// </summary>
/// <param name="Text">The scope as given.</param>
/// <param name="Provider">The provider the form points at.</param>
/// <param name="Parts">The scope's variables, named as the provider's run-name parts.</param>
internal sealed record RunScope(string Text, Provider Provider, IReadOnlyDictionary<string, string> Parts)
{
    /// <summary>A part by its name; throws when the scope has no such part.</summary>
    public string this[string part] => Parts[part];

    /// <summary>Whether <paramref name="run"/> lies within this scope (same provider, same values for every scope part).</summary>
    public bool Contains(RunName run) =>
        run.Provider == Provider && Parts.All(part => run.Parts.TryGetValue(part.Key, out var value) && string.Equals(value, part.Value, StringComparison.Ordinal));

    /// <inheritdoc />
    public override string ToString() => Text;
}
